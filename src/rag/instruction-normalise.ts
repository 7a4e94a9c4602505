/**
 * The text an instruction is judged on, never the text that is stored or quoted (offsets stay the document's):
 * disguises that leave a sentence readable to a model but not to a word test are undone first.
 */

/**
 * Greek and Cyrillic letters that look like Latin ones ("Ιgnore аll"). Hand-written because no maintained
 * confusables package is installed (and none may be added); only letters drawn identically to a Latin letter are
 * listed, so a Greek or Cyrillic word is left alone: the map is applied only inside words that also have Latin letters.
 */
const CONFUSABLES: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  ԁ: 'd',
  һ: 'h',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};

const MIXED_WORD = /\p{L}+/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Greek}\p{Script=Cyrillic}]/u;
// Format characters (zero-width space, joiners, soft hyphen, bidi marks) are invisible inside a word.
const FORMAT = /\p{Cf}/gu;

/** NFKC (full-width and compatibility letters), no format characters, look-alike letters folded inside Latin words. */
export function normaliseForJudging(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT, '')
    .replace(MIXED_WORD, (w) =>
      LATIN.test(w) && LOOKALIKE_SCRIPT.test(w) ? Array.from(w, (c) => CONFUSABLES[c] ?? c).join('') : w,
    );
}

// Only words this long are corrected: a shorter word is too often another real word one edit away.
const MIN_FUZZY_LENGTH = 6;
// Edits allowed by length: one for 6–7 letters ("anwser"), two from 8 ("instrucitons" is one, "instrctions" one).
const LONG_WORD = 8;
const editsFor = (length: number) => (length >= LONG_WORD ? 2 : 1);

/**
 * `w` (lower case) as one of `targets` when it is that word misspelt within a small edit bound ("igonre" → "ignore");
 * undefined otherwise. An inflection ("ignored", "previously") is not a misspelling and is left to the caller.
 */
export function correctedTo(w: string, targets: readonly string[]): string | undefined {
  if (w.length < MIN_FUZZY_LENGTH) return undefined;
  for (const t of targets) {
    if (w.startsWith(t) || t.startsWith(w)) continue;
    if (withinEdits(w, t, editsFor(t.length))) return t;
  }
  return undefined;
}

/**
 * Damerau–Levenshtein (optimal string alignment) distance ≤ `bound`. Hand-written: no edit-distance package is
 * installed. Only a diagonal band of width 2·bound+1 is filled, so the cost is linear in the word's length.
 */
function withinEdits(a: string, b: string, bound: number): boolean {
  if (Math.abs(a.length - b.length) > bound) return false;
  const big = bound + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => (j <= bound ? j : big));
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = new Array<number>(b.length + 1).fill(big);
    row[0] = i <= bound ? i : big;
    let best = row[0];
    for (let j = Math.max(1, i - bound); j <= Math.min(b.length, i + bound); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row[j] = Math.min(d, big);
      best = Math.min(best, row[j]);
    }
    if (best > bound) return false;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] <= bound;
}
