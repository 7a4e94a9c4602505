import type { SearchIndex } from '../../src/index/index.js';
import { DEFAULT_K, toSource } from '../../src/rag/index.js';
import type { SourceRetriever } from '../../src/rag/index.js';
import type { Source } from '../../src/types.js';
import { CitedError } from '../../src/errors.js';

/**
 * A second `SourceRetriever`, built differently from the hybrid one: words only (BM25), no embedder, no over-fetch.
 * It shows that the retriever contract (tests/rag/source-retriever.contract.ts) holds for any implementation.
 */
export class TermsRetriever implements SourceRetriever {
  constructor(private readonly index: SearchIndex) {}

  async retrieve(query: string, k = DEFAULT_K, signal?: AbortSignal): Promise<Source[]> {
    const hits = await this.index.searchTerms(query, k);
    if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
    return hits.map((h, i) => toSource(this.index, h, i + 1));
  }
}
