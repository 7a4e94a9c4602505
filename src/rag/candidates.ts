import { isNumberWord, isScaleWord } from '../nlp/index.js';
import { span } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';
import { names } from './candidates-names.js';
import type { QuestionAnalysis } from './question.js';

const UNITS =
  /^(km|kms|kilometres?|kilometers?|miles?|mi|m|metres?|meters?|kg|tonnes?|tons?|%|percent|per cent|hectares?|acres?|feet|ft|years?|days?|hours?|minutes?|weeks?|months?)$/i;
// Bounds change what a number means and stay with it; hedges ("about", "some") do not and are left out.
const APPROX = /^(more than|less than|fewer than|at least|at most|up to|nearly|almost|over|under)$/i;
const NUMERIC = /^\d[\d,.]*(?:km|m|kg|bn|m)?$/i;
function numbers(view: SentenceView): Candidate[] {
  const { tokens } = view;
  const out: Candidate[] = [];
  const covered = new Set<number>();
  const grow = (first: number, last: number, bonus: number) => {
    let f = first;
    let l = last;
    const two = f >= 2 ? `${tokens[f - 2].lower} ${tokens[f - 1].lower}` : '';
    if (APPROX.test(two)) f -= 2;
    else if (f >= 1 && APPROX.test(tokens[f - 1].lower)) f -= 1;
    // A range is one answer: "5 to 15 years", "1% to 3%", "between 10 and 20".
    const joiner = tokens[l + 1]?.lower;
    if (
      (joiner === 'to' ||
        joiner === '-' ||
        joiner === '–' ||
        (joiner === 'and' && tokens[f - 1]?.lower === 'between')) &&
      tokens[l + 2] &&
      (NUMERIC.test(tokens[l + 2].text) || isNumberWord(tokens[l + 2].lower))
    ) {
      l += 2;
      while (
        tokens[l + 1] &&
        (/^[\d,.]+$/.test(tokens[l + 1].text) || isScaleWord(tokens[l + 1].lower) || tokens[l + 1].text === '%')
      )
        l++;
    }
    if (tokens[l + 1] && UNITS.test(tokens[l + 1].text)) l++;
    else if (tokens[l + 1]?.text === '-' && tokens[l + 2] && UNITS.test(tokens[l + 2].text)) l += 2; // "13-year"
    // "110km (70 miles)": keep the conversion that follows in brackets.
    if (tokens[l + 1]?.text === '(' && tokens[l + 2] && NUMERIC.test(tokens[l + 2].text)) {
      const close = tokens.findIndex((t, k) => k > l + 2 && k <= l + 6 && t.text === ')');
      if (close > 0) l = close;
    }
    const unit =
      l > last
        ? tokens
            .slice(last + 1, l + 1)
            .filter((t) => /\p{L}|%/u.test(t.text))
            .map((t) => t.lower)
            .join(' ')
        : '';
    for (let k = f; k <= l; k++) covered.add(k);
    const c = span(view, f, l, bonus, 'number');
    // The counted noun: "720 people", "111 civilians" (skipping one adjective: "111 Syrian civilians").
    const next =
      tokens[l + 1]?.pos === 'NOUN'
        ? tokens[l + 1]
        : tokens[l + 1]?.pos === 'ADJ' && tokens[l + 2]?.pos === 'NOUN'
          ? tokens[l + 2]
          : undefined;
    // "2%" read as one PERCENT entity has no unit token after it; its own text says what it is.
    const percent = /%|\bper ?cent\b/i.test(view.text.slice(c.start, c.end)) ? '%' : '';
    c.kind = `number:${unit || percent || next?.lower || ''}`;
    out.push(c);
  };
  for (const e of view.entities) {
    if (/CARDINAL|MONEY|PERCENT|QUANTITY/.test(e.type) && !covered.has(e.firstToken))
      grow(e.firstToken, e.lastToken, 0.5);
  }
  tokens.forEach((t, i) => {
    if (covered.has(i)) return;
    // A year ("founded in 1853") is a date, not a count.
    if (NUMERIC.test(t.text) && !/^(1[5-9]|20)\d\d$/.test(t.text)) grow(i, i, 0.3);
    else if (isNumberWord(t.lower)) grow(i, i, -0.2); // "one of", "five": usually not the figure asked for
  });
  return out;
}

// A duration with a count in it: "13 years", "five days", "a week" (not "some time").
const countsTime = (text: string) =>
  /\d/.test(text) ||
  text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => w === 'a' || isNumberWord(w));

function dates(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const e of view.entities) {
    if (e.type === 'DATE' || e.type === 'TIME') out.push(span(view, e.firstToken, e.lastToken, 0.6, 'date'));
    else if (e.type === 'DURATION' && countsTime(e.text))
      out.push(span(view, e.firstToken, e.lastToken, 0.1, 'duration'));
  }
  view.tokens.forEach((t, i) => {
    // Years from 1000, and an earlier one where a preposition marks it as a time ("began in 911").
    const year =
      /^(1\d|20)\d\d$/.test(t.text) ||
      (/^[1-9]\d{2}$/.test(t.text) && /^(in|since|until|by|from)$/i.test(view.tokens[i - 1]?.text ?? ''));
    const covered = out.some((c) => c.token <= i && view.tokens[i].end <= c.end);
    if (year && !covered) out.push(span(view, i, i, 0.5, 'date'));
    // Decades and centuries: "in the 1050s", "the 11th century", "the eighteenth century".
    else if (!covered && /^\d{3,4}['’]?s$/.test(t.text)) out.push(span(view, i, i, 0.5, 'date'));
    else if (
      !covered &&
      /^(century|centuries)$/i.test(view.tokens[i + 1]?.text ?? '') &&
      /^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)$/i.test(
        t.text,
      )
    ) {
      out.push(span(view, i, i + 1, 0.5, 'date'));
    }
  });
  // "a 13-year civil war" implies a start date: let the duration stand as a candidate.
  return out;
}

const SPEECH =
  /\b(?:said|says|say|vowed|vows|warned|warns|declared|declares|announced|claimed|told \w+(?: of \w+)?)\s+(?:that\s+)?([^,;.“"]{6,200})/gi;

/** Quoted words, and reported speech ("has said it is ready to send …"). */
function quotes(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  const at = (start: number) =>
    Math.max(
      0,
      view.tokens.findIndex((t) => t.start >= start),
    );
  for (const m of view.text.matchAll(/[“"]([^”"]{2,300})[”"]/g)) {
    const start = (m.index ?? 0) + 1;
    out.push({ start, end: start + m[1].length, token: at(start), bonus: 0.5, kind: 'quote' });
  }
  // Reported speech only where nothing is quoted: "told residents of Homs … “your time has come”" means the quote.
  if (out.length === 0)
    for (const m of view.text.matchAll(SPEECH)) {
      const start = (m.index ?? 0) + m[0].length - m[1].length;
      if (!out.some((c) => c.start <= start + 1 && start < c.end))
        out.push({ start, end: start + m[1].trimEnd().length, token: at(start), bonus: 0.2, kind: 'quote:reported' });
    }
  return out;
}

function reasons(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(
    /\b(because|since|due to|amid|after|as a result of|in order to|to)\b\s+([^,;.]{6,200})/gi,
  )) {
    const start = m.index ?? 0;
    const token = view.tokens.findIndex((t) => t.start >= start);
    const bonus = /because|due to|result|in order/i.test(m[1]) ? 0.6 : m[1].toLowerCase() === 'to' ? 0.1 : 0.3;
    out.push({ start, end: start + m[0].length, token: Math.max(0, token), bonus, kind: 'reason' });
  }
  return out;
}

const DISTANCE = /\b(km|kms|kilometres?|kilometers?|miles?|metres?|meters?|feet|ft)\b/;
const TIME = /\b(years?|days?|hours?|minutes?|weeks?|months?)\b/;

/**
 * How well a number's unit or counted noun fits what the question asks for (how far → km, how many people →
 * people). -Infinity rules a number out: "how far" is never answered by a head count, "how many soldiers" never
 * by "four million people".
 */
function unitFit(question: string, kind: string, related: (a: string, b: string) => number): number {
  const unit = kind.slice('number:'.length);
  const same = (a: string, b: string) =>
    a.slice(0, 5) === b.slice(0, 5) ? 0.5 : related(a, b) >= 0.6 ? 0.2 : -Infinity;
  if (/\bhow far\b|\bdistance\b/.test(question)) return DISTANCE.test(unit) ? 0.8 : -Infinity;
  if (/\bhow long\b/.test(question)) return TIME.test(unit) ? 0.6 : -Infinity;
  if (/\bpercent|percentage\b/.test(question)) return /%|percent/.test(unit) ? 0.6 : -Infinity;
  if (/\bproportion|share\b/.test(question)) return /%|percent/.test(unit) ? 0.6 : 0;
  if (/\bpopulation\b|\bhow many (people|residents|inhabitants) live/.test(question)) {
    return /^(people|residents|inhabitants)$/.test(unit) ? 0.5 : DISTANCE.test(unit) || TIME.test(unit) ? -Infinity : 0;
  }
  const counted = /\bhow many ([\w-]+)/.exec(question)?.[1];
  if (counted && unit && /^[a-z]/.test(unit))
    return DISTANCE.test(unit) && !DISTANCE.test(counted) ? -Infinity : same(counted, unit);
  return DISTANCE.test(unit) ? -0.2 : 0;
}

export type { Candidate, SentenceView } from './candidate.js';

/** "In what year …" wants a year, not "eight days ago". */
function dateFit(question: string, text: string): number {
  if (/\b(what|which) year\b|\bin what year\b/.test(question))
    return /\b(1\d|20)\d\d\b|^[1-9]\d{2}$/.test(text) ? 0.5 : -Infinity;
  return 0;
}

const POPULATION_QUESTION =
  /\bpopulation\b|\bhow many (people|residents|inhabitants) (live|lived|living|are living|were living)\b/;
const POPULATION_CUE = /\b(home to|population|inhabitants|residents|live|lives|lived|living|populated)\b/i;

/** Short-answer candidates of the expected type inside one sentence. */
export function findCandidates(
  view: SentenceView,
  q: QuestionAnalysis,
  related: (a: string, b: string) => number = () => 0,
): Candidate[] {
  const questionText = q.text.toLowerCase();
  const notInQuestion = (c: Candidate) => !questionText.includes(view.text.slice(c.start, c.end).toLowerCase());
  switch (q.type) {
    case 'number':
      // "How many people live in X?" needs a sentence about living there, not one that counts the dead.
      if (POPULATION_QUESTION.test(questionText) && !POPULATION_CUE.test(view.text)) return [];
      return numbers(view)
        .filter(notInQuestion)
        .map((c) => ({ ...c, bonus: c.bonus + unitFit(questionText, c.kind, related) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'date':
      return dates(view)
        .filter(notInQuestion)
        .map((c) => ({ ...c, bonus: c.bonus + dateFit(questionText, view.text.slice(c.start, c.end)) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'entity':
    case 'place':
      return names(view, q, q.type);
    case 'quote':
      return quotes(view);
    case 'reason':
      return reasons(view);
    default:
      return [];
  }
}
