/**
 * "What does MHT stand for?": documents spell an acronym out where they introduce it, "the Marrowby Harbour Trust
 * (MHT)". The expansion is the run of words just before the bracket whose capitals spell the acronym.
 */
const ACRONYM = `["“']?([A-Za-z]{2,8})["”']?`;
const NOUN = '(?:acronym|abbreviation)';
const ASKS_EXPANSION = new RegExp(
  [
    String.raw`^\s*what(?:'s| is| does| do| did)?\s+(?:the\s+)?(?:${NOUN}\s+)?${ACRONYM}\s+stands?\s+for\b`,
    String.raw`^\s*what\s+is\s+${ACRONYM}\s+short\s+for\b`,
  ].join('|'),
  'i',
);

/** The acronym a question asks to be spelled out, if it asks that. */
export function asksExpansion(question: string): string | undefined {
  const m = ASKS_EXPANSION.exec(question);
  const acronym = m?.[1] ?? m?.[2];
  // Written in capitals: "what does it stand for" asks about a word, not the acronym "IT".
  return acronym && acronym === acronym.toUpperCase() ? acronym : undefined;
}

/** An acronym of N letters is spelled by at most this many words before its bracket (N, plus "of", "for", "the"…). */
const EXTRA_WORDS = 3;

/** The capitals a run of words contributes: "al-Sham" gives S, "Tahrir" T, "for" nothing. */
const initials = (words: string[]) =>
  words
    .flatMap((w) => w.split(/[-‐]/))
    .filter((p) => /^\p{Lu}/u.test(p))
    .map((p) => p[0])
    .join('');

/** Offsets (in `text`) of the words that spell `acronym` right before "(acronym)", if the text introduces it so. */
export function findExpansion(text: string, acronym: string): { start: number; end: number } | undefined {
  const at = text.search(new RegExp(`\\(\\s*${acronym}\\s*\\)`, 'i'));
  if (at < 0) return undefined;
  const before = text.slice(0, at);
  const words = [...before.matchAll(/[\p{L}\p{N}'’‐-]+/gu)];
  const limit = acronym.length + EXTRA_WORDS;
  for (let n = 1; n <= Math.min(limit, words.length); n++) {
    const run = words.slice(words.length - n);
    if (!/^\p{Lu}/u.test(run[0][0])) continue;
    if (initials(run.map((m) => m[0])).toUpperCase() === acronym) {
      const last = run[run.length - 1];
      return { start: run[0].index, end: last.index + last[0].length };
    }
  }
  return undefined;
}
