import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import { porterStem, winkModel } from './wink-model.js';

let instance: WinkMethods | undefined;

/** wink-nlp loads its model once (~100 ms); later calls reuse it. */
export function wink(): WinkMethods {
  instance ??= winkNLP(winkModel, ['sbd', 'pos', 'ner']);
  return instance;
}

const stemCache = new Map<string, string>();

/** Porter2 stem of a lower-cased word, memoised: the same few thousand words recur constantly. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let s = stemCache.get(lower);
  if (s === undefined) {
    s = porterStem(lower);
    if (stemCache.size < 200_000) stemCache.set(lower, s);
  }
  return s;
}
