import { spanAt } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';
import { names } from './candidates-names.js';
import { nameKindFits } from './name-kinds.js';
import { dateFit, dates } from './candidates-dates.js';
import { numbers, unitFit } from './candidates-numbers.js';
import { quotes, reasons } from './candidates-clauses.js';
import type { QuestionAnalysis } from './question.js';

export type { Candidate, SentenceView } from './candidate.js';

const POPULATION_QUESTION =
  /\bpopulation\b|\bhow many (people|residents|inhabitants) (live|lived|living|are living|were living)\b/;
const POPULATION_CUE = /\b(home to|population|inhabitants|residents|live|lives|lived|living|populated)\b/i;

/**
 * A question about money ("how much does it cost", "what is the fee") is answered by an amount of money, never
 * by a count or a size ("220" spaces for the cost of parking): a hard type check, not a weight. "How much"
 * about time, space or data is not money.
 */
const ASKS_MONEY =
  /\b(?:price|prices|cost|costs|fee|fees|fine|fines|charge|charges|charged|pay|paid|spend|tariff|fare|fares)\b/;
const MONEY = /[£$€¥]|\d\s*p\b|\b(?:pence|pounds?|dollars?|euros?|cents?|free)\b/i;

/**
 * "What's the name of that prison?": a name answers it only where the sentence says it is the prison's (the noun
 * within NAMED_NEAR tokens of the name: "Saydnaya prison", "the prison, Saydnaya"). A name elsewhere in the
 * sentence is of something else. Kinds any name may be (a person, a group, a city) need no such check.
 */
const NAME_OF = /\bname of (?:the |that |this |its |their |his |her )?([\w-]+)/;
const ANY_NAME = /^(?:person|people|man|woman|group|organi[sz]ation|company|city|town|country|place|thing)$/;
const NAMED_NEAR = 3;
const CALLED = /\b(?:called|named|known as|call|calls|dubbed)\s*["“']?\s*$/i;
function namesTheKind(question: string, view: SentenceView, c: Candidate): boolean {
  const noun = NAME_OF.exec(question)?.[1];
  if (!noun || ANY_NAME.test(noun)) return true;
  const stem = noun.replace(/s$/, '');
  const near = view.tokens.some((t, i) => Math.abs(i - c.token) <= NAMED_NEAR && t.lower.replace(/s$/, '') === stem);
  // "… the HR system, which we call “Compass”": a name given as a name is the name asked for, if the noun is said.
  const given = CALLED.test(view.text.slice(Math.max(0, c.start - 20), c.start));
  return near || (given && view.tokens.some((t) => t.lower.replace(/s$/, '') === stem));
}

/**
 * "£4 per day or £18 per week": a question that names a period ("per week", "a month", "each night") is answered by
 * the figure said for that period, never by one said for another. PERIOD_REACH characters after a figure hold its
 * "per week" / "a night" / "each month".
 */
const PERIOD_NOUNS = 'day|night|week|fortnight|month|year|hour|minute|person|user|adult|child';
const PERIOD = new RegExp(`\\b(?:per|a|an|each|every)\\s+(${PERIOD_NOUNS})s?\\b`);
const PERIOD_REACH = 24;
function periodFits(question: string, after: string): boolean {
  const asked = PERIOD.exec(question)?.[1];
  const said = PERIOD.exec(after.toLowerCase())?.[1];
  return !asked || !said || said === asked;
}

/**
 * A telephone number ("What's the museum's phone number?", "the number to call") is answered by digits one can dial,
 * never by a count or a day ("two", "1 May"): a hard type check. PHONE_MIN_DIGITS is the shortest local number in
 * use (6 digits); national and international numbers are longer.
 */
const ASKS_PHONE = new RegExp(
  [
    String.raw`\b(?:phone|telephone|mobile|fax|contact|helpline|hotline) number\b`,
    String.raw`\bnumber (?:to|for) (?:call|ring|phone|dial|text|report)`,
    String.raw`\b(?:what|which) number (?:do|should|can|must) \w+ (?:call|ring|dial|phone|text)\b`,
  ].join('|'),
);
const PHONE_MIN_DIGITS = 6;
/** Digits in groups, as numbers are written: "01632 960250", "+44 (0)1632 960250", "555-0142". */
const DIGIT_RUN = /\+?\(?\d[\d\s().-]*\d/g;

function phoneNumbers(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(DIGIT_RUN)) {
    if (m[0].replace(/\D/g, '').length < PHONE_MIN_DIGITS) continue;
    out.push(spanAt(view, m.index, m.index + m[0].length, 0, 'phone'));
  }
  return out;
}

/**
 * "What time does the first boat leave?", "What are the opening hours?" ask for a time of day: a date or a season is
 * no answer to them.
 */
const ASKS_CLOCK =
  /\b(?:what|which) time\b|\bhow early\b|\bhow late\b|\b(?:opening|closing|office|business|support|visiting) hours\b/;
const CLOCK = /\d[:.]\d\d|\d\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:noon|midday|midnight|o'clock)\b/i;

const NO_CLASSES: ReadonlySet<string> = new Set();
const ASKS_WHO = /^\s*(?:\w+\s+)?who(?:m|se)?\b/;

/** A name fits who or where by its last word's kind (src/rag/name-kinds.ts); other entity questions need no check. */
function kindFits(name: string, q: QuestionAnalysis, classes: (word: string) => ReadonlySet<string>): boolean {
  const who = q.type === 'entity' && ASKS_WHO.test(q.text.toLowerCase());
  if (q.type === 'entity' && !who) return true;
  const head =
    name
      .split(/[^\p{L}'-]+/u)
      .filter(Boolean)
      .at(-1) ?? '';
  return nameKindFits(head, who, classes);
}

/** Short-answer candidates of the expected type inside one sentence. */
export function findCandidates(
  view: SentenceView,
  q: QuestionAnalysis,
  related: (a: string, b: string) => number = () => 0,
  classes: (word: string) => ReadonlySet<string> = () => NO_CLASSES,
): Candidate[] {
  const questionText = q.text.toLowerCase();
  const notInQuestion = (c: Candidate) => !questionText.includes(view.text.slice(c.start, c.end).toLowerCase());
  switch (q.type) {
    case 'number':
      if (ASKS_PHONE.test(questionText)) return phoneNumbers(view).filter(notInQuestion);
      // "How many people live in X?" needs a sentence about living there, not one that counts the dead.
      if (POPULATION_QUESTION.test(questionText) && !POPULATION_CUE.test(view.text)) return [];
      return numbers(view)
        .filter(notInQuestion)
        .filter((c) => !ASKS_MONEY.test(questionText) || MONEY.test(view.text.slice(c.start, c.end)))
        .filter((c) => periodFits(questionText, view.text.slice(c.end, c.end + PERIOD_REACH)))
        .map((c) => ({ ...c, bonus: c.bonus + unitFit(questionText, c.kind, related) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'date':
      return dates(view)
        .filter(notInQuestion)
        .filter((c) => !ASKS_CLOCK.test(questionText) || CLOCK.test(view.text.slice(c.start, c.end)))
        .map((c) => ({ ...c, bonus: c.bonus + dateFit(questionText, view.text.slice(c.start, c.end)) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'entity':
    case 'place':
      return names(view, q, q.type).filter(
        (c) => namesTheKind(questionText, view, c) && kindFits(view.text.slice(c.start, c.end), q, classes),
      );
    case 'quote':
      return quotes(view);
    case 'reason':
      return reasons(view);
    default:
      return [];
  }
}
