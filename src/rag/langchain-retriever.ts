import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { DEFAULT_K } from './retriever.js';
import type { SourceRetriever } from './source-retriever.js';

// Kept out of rag/index.ts: LangChain's retriever machinery costs ~150 ms to import, and the server never needs it.
// Import it from 'src/rag/langchain-retriever.js' (dist/rag/langchain-retriever.js) to use cited inside a chain.

/** Any `SourceRetriever` as a LangChain retriever, so any LangChain chain can use `cited`'s index. */
export class CitedRetriever extends BaseRetriever {
  override lc_namespace = ['cited', 'retrievers'];

  constructor(
    private readonly retriever: SourceRetriever,
    private readonly k = DEFAULT_K,
  ) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const sources = await this.retriever.retrieve(query, this.k);
    return sources.map(
      (s) => new Document({ pageContent: s.text, id: s.chunkId, metadata: { ...s, text: undefined } }),
    );
  }
}
