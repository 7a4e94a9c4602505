import type { Entity, Token } from '../nlp/index.js';
import { isStopword } from '../nlp/index.js';
import type { AnswerType, QuestionAnalysis } from './question.js';

export interface Candidate {
  /** Offsets into the sentence text. */
  start: number;
  end: number;
  /** Token nearest the candidate's head, for distance to the question's terms. */
  token: number;
  bonus: number;
  kind: string;
}

export interface SentenceView {
  text: string;
  tokens: Token[];
  entities: Entity[];
}

const UNITS = /^(km|kms|kilometres?|kilometers?|miles?|mi|m|metres?|meters?|kg|tonnes?|tons?|%|percent|per cent|hectares?|acres?|feet|ft|years?|days?|hours?|minutes?|weeks?|months?)$/i;
const APPROX = /^(more than|less than|fewer than|at least|up to|about|around|nearly|almost|over|some|roughly|approximately|under)$/i;
const NUMERIC = /^\d[\d,.]*(?:km|m|kg|bn|m)?$/i;
const NUMBER_WORD = /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|half)$/i;
const PLACE_PREP = /^(in|at|from|to|near|into|towards?|across|outside|inside|of|on)$/i;

const isNameToken = (t: Token, i: number) =>
  (t.pos === 'PROPN' || (i > 0 && /^[A-Z]/.test(t.text) && !isStopword(t.lower))) && /\p{L}/u.test(t.text);

function span(view: SentenceView, first: number, last: number, bonus: number, kind: string): Candidate {
  return { start: view.tokens[first].start, end: view.tokens[last].end, token: first, bonus, kind };
}

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
    if (tokens[l + 1] && UNITS.test(tokens[l + 1].text)) l++;
    else if (tokens[l + 1]?.text === '-' && tokens[l + 2] && UNITS.test(tokens[l + 2].text)) l += 2; // "13-year"
    // "110km (70 miles)": keep the conversion that follows in brackets.
    if (tokens[l + 1]?.text === '(' && tokens[l + 2] && NUMERIC.test(tokens[l + 2].text)) {
      const close = tokens.findIndex((t, k) => k > l + 2 && k <= l + 6 && t.text === ')');
      if (close > 0) l = close;
    }
    const unit = l > last ? tokens.slice(last + 1, l + 1).filter((t) => /\p{L}|%/u.test(t.text)).map((t) => t.lower).join(' ') : '';
    for (let k = f; k <= l; k++) covered.add(k);
    const c = span(view, f, l, bonus, 'number');
    // The counted noun: "720 people", "111 civilians" (skipping one adjective: "111 Syrian civilians").
    const next = tokens[l + 1]?.pos === 'NOUN' ? tokens[l + 1] : tokens[l + 1]?.pos === 'ADJ' && tokens[l + 2]?.pos === 'NOUN' ? tokens[l + 2] : undefined;
    c.kind = `number:${unit || next?.lower || ''}`;
    out.push(c);
  };
  for (const e of view.entities) {
    if (/CARDINAL|MONEY|PERCENT|QUANTITY/.test(e.type) && !covered.has(e.firstToken)) grow(e.firstToken, e.lastToken, 0.5);
  }
  tokens.forEach((t, i) => {
    if (covered.has(i)) return;
    if (NUMERIC.test(t.text) && !/^(19|20)\d\d$/.test(t.text)) grow(i, i, 0.3);
    else if (NUMBER_WORD.test(t.text)) grow(i, i, 0.1);
  });
  return out;
}

function dates(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const e of view.entities) {
    if (e.type === 'DATE' || e.type === 'TIME') out.push(span(view, e.firstToken, e.lastToken, 0.6, 'date'));
    else if (e.type === 'DURATION' && /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|a)\b/i.test(e.text)) out.push(span(view, e.firstToken, e.lastToken, 0.1, 'duration'));
  }
  view.tokens.forEach((t, i) => {
    if (/^(1[5-9]|20)\d\d$/.test(t.text) && !out.some((c) => c.token <= i && view.tokens[i].end <= c.end)) out.push(span(view, i, i, 0.5, 'date'));
  });
  // "a 13-year civil war" implies a start date: let the duration stand as a candidate.
  return out;
}

const CONNECTORS = new Set(['-', 'al', 'el', 'bin', 'ibn', 'of', 'for', 'de', 'la', 'von', 'van']);
/** A connector inside a name; a spaced dash ("HAMA - Syrian rebels") separates instead. */
const joins = (tokens: Token[], k: number) =>
  CONNECTORS.has(tokens[k]?.lower ?? '') && (tokens[k].text !== '-' || (tokens[k - 1]?.end === tokens[k].start && tokens[k].end === tokens[k + 1]?.start));
const initials = (words: string[]) => words.filter((w) => !CONNECTORS.has(w.toLowerCase()) && /^\p{L}/u.test(w)).map((w) => w[0].toUpperCase()).join('');

function names(view: SentenceView, q: QuestionAnalysis, type: AnswerType): Candidate[] {
  const { tokens } = view;
  const focusWords = new Set(q.focus.flat());
  const acronyms = new Set(q.focus.flat().filter((w) => w.length >= 2).map((w) => w.toUpperCase()));
  const focusInitials = new Set(q.focus.map(initials).filter((a) => a.length >= 2));
  const out: Candidate[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNameToken(tokens[i], i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1];
      if (isNameToken(next, j + 1)) j++;
      else if (joins(tokens, j + 1) && tokens[j + 2] && isNameToken(tokens[j + 2], j + 2)) j += 2;
      else if (joins(tokens, j + 1) && joins(tokens, j + 2) && tokens[j + 3] && isNameToken(tokens[j + 3], j + 3)) j += 3;
      else break;
    }
    const words = tokens.slice(i, j + 1).map((t) => t.text);
    const inQuestion = words.every((w) => focusWords.has(w.toLowerCase()) || !/\p{L}/u.test(w) || CONNECTORS.has(w.toLowerCase()));
    if (!inQuestion) {
      const prev = tokens[i - 1];
      let bonus = 0.4 + 0.1 * Math.min(3, words.length - 1);
      if (acronyms.has(initials(words)) || focusInitials.has(words.join(''))) bonus -= 1; // a focus name's own expansion or acronym is not an answer
      if (words.some((w) => focusWords.has(w.toLowerCase()) && /\p{L}{3}/u.test(w))) bonus -= 0.5; // "HTS fighters" when asked about HTS
      if (tokens[j + 1]?.text === '-' && type !== 'place') bonus -= 0.3; // "UK-based": a modifier, not the thing
      // "Islamist militant group", "Western powers": a capitalised word modifying a noun is not a name answer.
      if (words.length === 1 && /^[a-z]/.test(tokens[j + 1]?.text ?? '') && !/^(and|or|has|had|have|is|was|said|says)$/.test(tokens[j + 1].text)) bonus -= 0.4;
      // Apposition, either way round: "X (XX), a UK-based monitoring group" / "a Kurdish-led alliance, the X".
      let after = j + 1;
      if (tokens[after]?.text === '(') while (after < tokens.length && tokens[after].text !== ')') after++;
      if (tokens[after]?.text === ')') after++;
      if (tokens[after]?.text === ',' && /^(a|an|the)$/i.test(tokens[after + 1]?.text ?? '')) bonus += 0.3;
      if (prev && /^(the|a)$/i.test(prev.text) && tokens[i - 2]?.text === ',') bonus += 0.3;
      if (words.length === 1 && tokens[i].pos === 'ADJ') bonus -= 0.4; // "Syrian", "Islamist"
      if (type === 'place' && prev && PLACE_PREP.test(prev.lower)) bonus += 0.3;
      if (type === 'entity' && prev?.text === ',' && [',', '(', 'said', 'says', 'has', 'have', 'had', 'declared', 'told'].includes(tokens[j + 1]?.lower ?? '')) bonus += 0.3;
      out.push(span(view, i, j, bonus, type));
    }
    i = j + 1;
  }
  return out;
}

function quotes(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(/[“"]([^”"]{2,300})[”"]/g)) {
    const start = (m.index ?? 0) + 1;
    const token = view.tokens.findIndex((t) => t.start >= start);
    out.push({ start, end: start + m[1].length, token: Math.max(0, token), bonus: 0.5, kind: 'quote' });
  }
  return out;
}

function reasons(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(/\b(because|since|due to|amid|after|as a result of|in order to|to)\b\s+([^,;.]{6,200})/gi)) {
    const start = m.index ?? 0;
    const token = view.tokens.findIndex((t) => t.start >= start);
    const bonus = /because|due to|result|in order/i.test(m[1]) ? 0.6 : m[1].toLowerCase() === 'to' ? 0.1 : 0.3;
    out.push({ start, end: start + m[0].length, token: Math.max(0, token), bonus, kind: 'reason' });
  }
  return out;
}

const DISTANCE = /\b(km|kms|kilometres?|kilometers?|miles?|metres?|meters?|feet|ft)\b/;
const TIME = /\b(years?|days?|hours?|minutes?|weeks?|months?)\b/;

/** How well a number's unit or counted noun fits what the question asks for (how far → km, how many people → people). */
/** -Infinity rules a number out: "how far" is never answered by a head count, "how many soldiers" never by "four million people". */
function unitFit(question: string, kind: string, related: (a: string, b: string) => number): number {
  const unit = kind.slice('number:'.length);
  const same = (a: string, b: string) => (a.slice(0, 5) === b.slice(0, 5) ? 0.5 : related(a, b) >= 0.6 ? 0.2 : -Infinity);
  if (/\bhow far\b|\bdistance\b/.test(question)) return DISTANCE.test(unit) ? 0.8 : -Infinity;
  if (/\bhow long\b/.test(question)) return TIME.test(unit) ? 0.6 : -Infinity;
  if (/\bpercent|percentage|proportion|share\b/.test(question)) return /%|percent/.test(unit) ? 0.6 : 0;
  if (/\bpopulation\b|\bhow many (people|residents|inhabitants) live/.test(question)) {
    return /^(people|residents|inhabitants)$/.test(unit) ? 0.5 : DISTANCE.test(unit) || TIME.test(unit) ? -Infinity : 0;
  }
  const counted = /\bhow many ([\w-]+)/.exec(question)?.[1];
  if (counted && unit && /^[a-z]/.test(unit)) return DISTANCE.test(unit) && !DISTANCE.test(counted) ? -Infinity : same(counted, unit);
  return DISTANCE.test(unit) ? -0.2 : 0;
}

/** Short-answer candidates of the expected type inside one sentence. */
export function findCandidates(view: SentenceView, q: QuestionAnalysis, related: (a: string, b: string) => number = () => 0): Candidate[] {
  const questionText = q.text.toLowerCase();
  const notInQuestion = (c: Candidate) => !questionText.includes(view.text.slice(c.start, c.end).toLowerCase());
  switch (q.type) {
    case 'number':
      return numbers(view)
        .filter(notInQuestion)
        .map((c) => ({ ...c, bonus: c.bonus + unitFit(questionText, c.kind, related) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'date':
      return dates(view).filter(notInQuestion);
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
