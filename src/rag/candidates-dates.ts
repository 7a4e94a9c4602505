import { isNumberWord } from '../nlp/index.js';
import { span, spanAt } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';

// A duration with a count in it: "13 years", "five days", "a week" (not "some time").
const countsTime = (text: string) =>
  /\d/.test(text) ||
  text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => w === 'a' || isNumberWord(w));

// An ordinal before "century": "the 11th century", "the eighteenth century".
const ORDINAL_WORDS = [
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth',
  'eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth',
  'twenty-first',
];
const ORDINAL = new RegExp(String.raw`^(\d+(st|nd|rd|th)|${ORDINAL_WORDS.join('|')})$`, 'i');

/** Dates, times, counted durations, years, decades and centuries. */
export function dates(view: SentenceView): Candidate[] {
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
    else if (!covered && /^(century|centuries)$/i.test(view.tokens[i + 1]?.text ?? '') && ORDINAL.test(t.text)) {
      out.push(span(view, i, i + 1, 0.5, 'date'));
    }
  });
  // "a 13-year civil war" implies a start date: let the duration stand as a candidate.
  return [...out, ...clockTimes(view, out)];
}

/**
 * Clock times the entity tagger does not read, 24-hour ones above all, alone or as a range: "10:00 to 14:00",
 * "09.30–17.00". Not after a currency sign: "£6.00" is a price.
 */
const CLOCK_TIME = String.raw`\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?`;
const CLOCK_RANGE = new RegExp(
  String.raw`(?<![£$€¥\d.:])${CLOCK_TIME}(?:\s*(?:to|until|till|–|—|-)\s*${CLOCK_TIME})?`,
  'gi',
);

function clockTimes(view: SentenceView, found: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(CLOCK_RANGE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (found.some((c) => c.start < end && start < c.end)) continue;
    out.push(spanAt(view, start, end, 0.6, 'date'));
  }
  return out;
}

/** "In what year …" wants a year, not "eight days ago". */
export function dateFit(question: string, text: string): number {
  if (/\b(what|which) year\b|\bin what year\b/.test(question))
    return /\b(1\d|20)\d\d\b|^[1-9]\d{2}$/.test(text) ? 0.5 : -Infinity;
  return 0;
}
