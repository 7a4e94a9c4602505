import type { SearchIndex } from '../index/index.js';
import { isStopword, phraseVerb } from '../nlp/index.js';
import { CorpusLexicon } from './corpus-lexicon.js';
import { WordsByLength } from './words-by-length.js';

/** "whats", "where's", "dont": the apostrophe-less and contracted forms that question analysis does not read. */
const CONTRACTIONS: [RegExp, string][] = [
  [/\b(what|where|who|how|when|why|which|that|there)(?:'|’)?s\b/gi, '$1 is'],
  [/\b(is|are|was|were|does|do|did|has|have|had|could|would|should)nt\b/gi, "$1n't"],
  [/\bcant\b/gi, 'cannot'],
  [/\bwont\b/gi, "won't"],
  [/\bim\b/g, "I'm"],
];

/** Corrections allowed: one edit for words of 4–6 letters, two from 7 (the bound); shorter are left alone. */
const MIN_CORRECTED = 4;
const TWO_EDITS_FROM = 7;

/** Words to correct a typo to, by length, each with how common it is. */
export interface Vocabulary {
  near(length: number, spread: number): Iterable<string>;
  count(word: string): number;
}

/**
 * The commonest English words, from the word-vector table (in order of frequency): a typo of a word the corpus does
 * not use ("populaton" where the article says "home to one million people") is corrected to one of these when no
 * corpus word is near. 20,000 rows hold the words questions are made of ("population", "distance", "schedule").
 */
const COMMON_CORRECTIONS = 20_000;

export class CommonWords implements Vocabulary {
  private readonly byLength = new WordsByLength();
  private readonly rank = new Map<string, number>();

  constructor(
    words: (row: number) => string,
    private readonly rows: number,
  ) {
    for (let row = 0; row < rows; row++) {
      const w = words(row);
      if (!/^\p{Ll}+$/u.test(w)) continue;
      this.rank.set(w, row);
      this.byLength.add(w);
    }
  }

  near(length: number, spread: number): Iterable<string> {
    return this.byLength.near(length, spread);
  }

  /** Commoner words count more: the reverse of the row. */
  count(word: string): number {
    const row = this.rank.get(word);
    return row === undefined ? 0 : this.rows - row;
  }
}

export interface NormaliseDeps {
  lexicon: CorpusLexicon;
  /** Where a typo with no corpus word near is corrected to (the commonest English words), built when first needed. */
  common?: () => Vocabulary | undefined;
  /**
   * The word's row in the word-vector table, which is in order of frequency; -1 when unknown. A real word the
   * corpus does not use is not a typo, and a common word ("president") stays a word even where the corpus
   * capitalises it as a title ("President Assad").
   */
  rank: (lower: string) => number;
}

/**
 * Words this common are English words first: typed in lower case they stay so, whatever the corpus capitalises.
 * The 1,000 commonest rows hold "president" (83), "team" (137) and "iran" (519); "turkey" (1,056), "syria",
 * "damascus" (5,809) and "hama" (40,044) lie beyond, and a corpus that capitalises them makes them names.
 */
const COMMON_WORDS = 1000;

/** Optimal string alignment distance (a swap of two neighbours is one edit), stopping once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

/** The corpus word nearest a misspelt one (fewest edits, then the commonest), if any is close enough. */
export function correction(lower: string, lexicon: Vocabulary, most = 2): string | undefined {
  if (lower.length < MIN_CORRECTED) return undefined;
  const max = Math.min(most, lower.length >= TWO_EDITS_FROM ? 2 : 1);
  let best: { word: string; d: number; n: number } | undefined;
  for (const word of lexicon.near(lower.length, max)) {
    // Typos keep the first letter nearly always; comparing only those words keeps a correction to a few hundred.
    if (word[0] !== lower[0]) continue;
    const d = editDistance(lower, word, max);
    if (d > max) continue;
    const n = lexicon.count(word);
    if (!best || d < best.d || (d === best.d && n > best.n)) best = { word, d, n };
  }
  return best?.word;
}

/**
 * Against the common English words, one edit at most: they are many, and two edits from a word the corpus does not
 * use land on another word too often ("descaling" → "dealing").
 */
const COMMON_EDITS = 1;

/** A typo corrected to the nearest corpus word, else (one edit away) to a common English word; else as typed. */
function correctTypo(lower: string, deps: NormaliseDeps): string {
  const inCorpus = correction(lower, deps.lexicon);
  if (inCorpus) return inCorpus;
  const common = deps.common?.();
  return (common && correction(lower, common, COMMON_EDITS)) ?? lower;
}

/** Each two-word verb phrase of the text replaced by its verb (overlapping pairs are tried, left to right). */
function withPhraseVerbs(text: string): string {
  const words = [...text.matchAll(/\p{L}+/gu)];
  let out = '';
  let from = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i], words[i + 1]];
    if (text.slice(a.index + a[0].length, b.index) !== ' ') continue;
    const verb = phraseVerb(`${a[0]} ${b[0]}`);
    if (!verb) continue;
    out += text.slice(from, a.index) + verb;
    from = b.index + b[0].length;
    i++;
  }
  return out + text.slice(from);
}

/**
 * The question as the answerer should read it: contractions spelled out, a word neither the corpus nor the word
 * vectors know corrected to the nearest corpus word, and a word the corpus writes as a name given its capitals.
 */
export function normaliseQuestion(question: string, deps: NormaliseDeps): string {
  let q = question;
  for (const [pattern, replacement] of CONTRACTIONS) q = q.replace(pattern, replacement);
  // "When did the war break out?" is read "When did the war begin?": one verb the sentence may say in its own words.
  q = withPhraseVerbs(q);
  return q.replace(/\p{L}[\p{L}\p{N}'’-]*/gu, (word) => {
    const lower = word.toLowerCase();
    if (isStopword(lower)) return word;
    const rank = deps.rank(lower);
    const fixed = !deps.lexicon.has(lower) && rank < 0 ? correctTypo(lower, deps) : lower;
    // Only uncommon words typed all in lower case get capitals: "US" stays as typed, "hama" becomes "Hama".
    const common = rank >= 0 && rank < COMMON_WORDS;
    if (word === lower && !common) return deps.lexicon.nameSpelling(fixed) ?? fixed;
    if (fixed === lower) return word;
    // A correction keeps the word's capital: "Syria's" stays a name.
    return /^\p{Lu}/u.test(word) ? fixed.charAt(0).toUpperCase() + fixed.slice(1) : fixed;
  });
}

/** Normalises questions against the corpus of the index they are asked of; each index's lexicon is built once. */
export class QuestionReader {
  private readonly lexicons = new WeakMap<SearchIndex, CorpusLexicon>();

  private common?: CommonWords;

  constructor(
    private readonly rank: (lower: string) => number,
    /** The word of a row of the word-vector table, for the common words a typo may be corrected to. */
    private readonly word?: (row: number) => string,
  ) {}

  /** Built on the first question that needs it: reading 20,000 words takes a few milliseconds. */
  private commonWords(): CommonWords | undefined {
    if (!this.word) return undefined;
    this.common ??= new CommonWords(this.word, COMMON_CORRECTIONS);
    return this.common;
  }

  read(question: string, index: SearchIndex): string {
    let lexicon = this.lexicons.get(index);
    if (!lexicon) {
      lexicon = new CorpusLexicon(index.documents());
      this.lexicons.set(index, lexicon);
    }
    return normaliseQuestion(question, { lexicon, rank: this.rank, common: () => this.commonWords() });
  }
}
