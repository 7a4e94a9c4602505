import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let instance: WinkMethods | undefined;

/** wink-nlp loads its model once (~100 ms); later calls reuse it. */
export function wink(): WinkMethods {
  instance ??= winkNLP(model, ['sbd', 'pos', 'ner']);
  return instance;
}

const stemmer = (model as unknown as { addons: { stem: (w: string) => string } }).addons.stem;
const stemCache = new Map<string, string>();

/** Porter2 stem of a lower-cased word, memoised: the same few thousand words recur constantly. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let s = stemCache.get(lower);
  if (s === undefined) {
    s = stemmer(lower);
    if (stemCache.size < 200_000) stemCache.set(lower, s);
  }
  return s;
}
