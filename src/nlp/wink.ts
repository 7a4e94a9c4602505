import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import { boundedCache, stringBytes } from '../bounded-cache.js';
import { isLongWord } from './long-words.js';
import { lastLexicon, porterStem, winkModel } from './wink-model.js';
import type { Feature } from './wink-model.js';

/**
 * wink-nlp appends every unknown word it reads to its lexicon and never forgets it, so a stream of unique words
 * would grow it for good. An instance that has learnt this many words is replaced by a fresh one (≈ 50 ms):
 * ~100 B each (the word, its hash slot and packed features), so at most ≈ 10 MB per pipeline, and far more
 * than the new words of a large corpus's ingest between two rebuilds.
 */
export const MAX_LEARNT_WORDS = 100_000;

/** One wink pipeline, loaded on first use (~100 ms) and rebuilt when it has learnt too many words. */
class Pipeline {
  private nlp?: WinkMethods;
  private lexeme?: Readonly<Feature>;

  constructor(private readonly steps: string[]) {}

  get(): WinkMethods {
    const learnt = this.lexeme ? this.lexeme.list.length - (this.lexeme.intrinsicSize ?? 0) : 0;
    if (!this.nlp || learnt > MAX_LEARNT_WORDS) {
      this.nlp = winkNLP(winkModel, this.steps);
      this.lexeme = lastLexicon();
    }
    return this.nlp;
  }

  /** Words learnt since this pipeline's instance was built. */
  learnt(): number {
    return this.lexeme ? this.lexeme.list.length - (this.lexeme.intrinsicSize ?? 0) : 0;
  }
}

const full = new Pipeline(['sbd', 'pos', 'ner']);
/** Sentence boundaries only: no tagging, entities or stems (about twice as fast for ingest's splitting). */
const boundariesOnly = new Pipeline(['sbd']);

/** The full pipeline (sentences, tags, entities). */
export const wink = (): WinkMethods => full.get();
/** The sentence-boundary pipeline. */
export const winkSentences = (): WinkMethods => boundariesOnly.get();
/** Words the current instances have learnt (for the bounded-memory tests). */
export const winkLearnt = (): number => full.learnt() + boundariesOnly.learnt();

/**
 * Stems by lower-cased word. The same few thousand words recur constantly; 8 MB holds ≈ 50,000 of them
 * (~160 B an entry), a large corpus's working vocabulary, while unique query words can never fill more.
 */
const STEM_CACHE_BYTES = 8 * 1024 * 1024;
const stemCache = boundedCache<string, string>(STEM_CACHE_BYTES, stringBytes);

/** Porter2 stem of a word, lower-cased; a word longer than any real one is its own stem (see MAX_WORD_CHARS). */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  if (isLongWord(lower)) return lower;
  let s = stemCache.get(lower);
  if (s === undefined) {
    s = porterStem(lower);
    stemCache.set(lower, s);
  }
  return s;
}
