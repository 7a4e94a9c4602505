export { CitedEmbeddings } from './cited-embeddings.js';
export { LocalEmbeddings } from './local-embeddings.js';
export { OpenAIEmbeddings } from './openai-embeddings.js';
export { WORD_VECTOR_ROWS, WordVectors } from './word-vectors.js';
export { ensureVectorCache } from './vector-cache.js';

import { openVectorCache } from './vector-cache.js';
import { WordVectors } from './word-vectors.js';

/** Loads (building once if needed) the offline word vectors. */
export function loadWordVectors(cacheDir?: string, log?: (m: string) => void): WordVectors {
  return new WordVectors(openVectorCache(cacheDir, log));
}
