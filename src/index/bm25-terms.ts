import { boundedCache, stringBytes } from '../bounded-cache.js';
import { isLongWord, isStopword, stem } from '../nlp/index.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Stems of words already seen ('' for a stop word): a corpus repeats its words, and stemming is the costly part.
 * 16 MB holds ≈ 100,000 words (~160 B an entry), the vocabulary that carries almost all of a large corpus's
 * tokens (Zipf); a rarer word costs one stem on a miss. Unique query words can never keep more.
 */
const STEMS_CACHE_BYTES = 16 * 1024 * 1024;
const stems = boundedCache<string, string>(STEMS_CACHE_BYTES, stringBytes);

/** The one tokenizer for BM25, shared by indexing and querying: lower case, no stop words, Porter2 stems. */
export function bm25Terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    // A word longer than any real one is its own term, and is not cached (see MAX_WORD_CHARS).
    let s = isLongWord(m[0]) ? m[0] : stems.get(m[0]);
    if (s === undefined) {
      const w = m[0].replace(/['’]s$/, '');
      s = isStopword(w) ? '' : stem(w);
      stems.set(m[0], s);
    }
    if (s) out.push(s);
  }
  return out;
}
