import { isNumberWord, isScaleWord } from '../nlp/index.js';
import { span } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';

// The units a number may carry: lengths, masses and shares, areas, spans of time, volumes, electrical and
// physical measures, data sizes and money. A short answer without its unit ("1.8" for "1.8 L") is a different
// answer. (Hand-listed: the SI symbols and the units manuals and reports use are a small closed set.)
const UNIT_WORDS = [
  'km|kms|kilometres?|kilometers?|miles?|mi|m|metres?|meters?|cm|mm|inch|inches',
  'kg|g|lb|lbs|oz|tonnes?|tons?|%|percent|per cent|hectares?|acres?|feet|ft',
  'years?|days?|hours?|minutes?|weeks?|months?|seconds?|secs?|mins?',
  'l|ml|cl|litres?|liters?|gallons?|w|kw|watts?|v|volts?|hz|amps?|db|bar|psi|rpm',
  'kb|mb|gb|tb|kbit/s|mbit/s|gbit/s|mbps|gbps|cores?',
  'p|pence|pounds?|dollars?|euros?|cents?',
];
const UNITS = new RegExp(`^(${UNIT_WORDS.join('|')})$`, 'i');
// Bounds change what a number means and stay with it; hedges ("about", "some") do not and are left out.
const APPROX = /^(more than|less than|fewer than|at least|at most|up to|nearly|almost|over|under)$/i;
const CURRENCY = /^[£$€¥]$/;
// A figure, with a unit written onto it: "110km", "10p", "1.8L", "58mm".
const NUMERIC = /^\d[\d,.]*(?:km|m|kg|bn|p|l|ml|w|kw|v|mm|cm|gb|mb|tb|min|mins)?$/i;
/** A numbered list item's marker: up to 3 digits and "." or ")" opening the text (as line-units.ts reads it). */
const LIST_NUMBER = /^\s*\d{1,3}[.)]\s/;

/** Figures with their bounds, ranges, units and counted nouns: "more than 110km", "5 to 15 years", "720 people". */
export function numbers(view: SentenceView): Candidate[] {
  const { tokens } = view;
  const out: Candidate[] = [];
  const covered = new Set<number>();
  const grow = (first: number, last: number, bonus: number) => {
    let f = first;
    let l = last;
    // "£3.50": the currency sign is part of the amount.
    if (f >= 1 && CURRENCY.test(tokens[f - 1].text)) f -= 1;
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
  // "8. Install the agent …": the number that marks a list item is its place in the list, not a figure it states.
  if (LIST_NUMBER.test(view.text)) covered.add(0);
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

/**
 * How close (word-vector cosine) a figure's counted noun must be to the question's to count the same things:
 * "troops" for soldiers (0.90), "militants" for fighters (0.72), "residents" for people (0.77) do; "people" for
 * civilians (0.66) — a count of everyone for a count of some — does not.
 */
const COUNTED_RELATED = 0.7;

const DISTANCE = /\b(km|kms|kilometres?|kilometers?|miles?|metres?|meters?|feet|ft)\b/;
const TIME = /\b(years?|days?|hours?|minutes?|weeks?|months?)\b/;

/**
 * How well a number's unit or counted noun fits what the question asks for (how far → km, how many people →
 * people). -Infinity rules a number out: "how far" is never answered by a head count, "how many soldiers" never
 * by "four million people".
 */
export function unitFit(question: string, kind: string, related: (a: string, b: string) => number): number {
  const unit = kind.slice('number:'.length);
  const same = (a: string, b: string) =>
    a.slice(0, 5) === b.slice(0, 5) ? 0.5 : related(a, b) >= COUNTED_RELATED ? 0.2 : -Infinity;
  if (/\bhow far\b|\bdistance\b/.test(question)) return DISTANCE.test(unit) ? 0.8 : -Infinity;
  if (/\bhow long\b/.test(question)) return TIME.test(unit) ? 0.6 : -Infinity;
  if (/\bpercent|percentage\b/.test(question)) return /%|percent/.test(unit) ? 0.6 : -Infinity;
  if (/\bproportion|share\b/.test(question)) return /%|percent/.test(unit) ? 0.6 : 0;
  if (/\bpopulation\b|\bhow many (people|residents|inhabitants) live/.test(question)) {
    return /^(people|residents|inhabitants)$/.test(unit) ? 0.5 : DISTANCE.test(unit) || TIME.test(unit) ? -Infinity : 0;
  }
  // "How many were civilians?": the counted noun comes after the verb.
  const counted = /\bhow many (?:(?:were|are|was|is|of them|of those|of these) )?([\w-]+)/.exec(question)?.[1];
  if (counted && unit && /^[a-z]/.test(unit))
    return DISTANCE.test(unit) && !DISTANCE.test(counted) ? -Infinity : same(counted, unit);
  return DISTANCE.test(unit) ? -0.2 : 0;
}
