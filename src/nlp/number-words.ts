/**
 * English number words and their values: the one list that reads "five days ago", counts "three people" as a figure
 * and checks that a generated "seven" is in its source. Hand-written because no library here gives word values
 * (wink-nlp tags "seven" as a number but does not say which).
 */
const ONES = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const TEENS = ['eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/**
 * Words that multiply the number before them ("15 million"); in the plural they are a number themselves
 * ("hundreds").
 */
const SCALES = new Map([
  ['dozen', 12],
  ['hundred', 100],
  ['thousand', 1_000],
  ['million', 1_000_000],
  ['billion', 1_000_000_000],
]);

const VALUES: ReadonlyMap<string, number> = new Map([
  ...ONES.map((w, i) => [w, i + 1] as const),
  ...TEENS.map((w, i) => [w, i + 11] as const),
  ...TENS.map((w, i) => [w, (i + 2) * 10] as const),
  ...SCALES,
  ['half', 0.5],
]);

/** The value of a number word in lower case ("seven" → 7), or undefined. A Map, so "constructor" is no number. */
export const numberWordValue = (lower: string): number | undefined => VALUES.get(lower);

/** "hundred", "million", "dozen" (lower case): a word that scales the number before it. */
export const isScaleWord = (lower: string): boolean => SCALES.has(lower);

/** A number word in lower case, including the plural scales that stand for a number ("dozens", "thousands"). */
export const isNumberWord = (lower: string): boolean =>
  VALUES.has(lower) || (lower.endsWith('s') && SCALES.has(lower.slice(0, -1)));
