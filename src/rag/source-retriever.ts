import type { Source } from '../types.js';

/**
 * Finds the sources a question is answered from (LangChain's `BaseRetriever` plays this part there): the answer
 * service and the LangChain adaptor depend on this, not on how sources are found.
 */
export interface SourceRetriever {
  /**
   * At most `k` sources for `query`, best first, numbered 1…n, each quoting its document's text at its offsets.
   * Rejects with ABORTED once `signal` is aborted.
   */
  retrieve(query: string, k?: number, signal?: AbortSignal): Promise<Source[]>;
}
