import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { CitedEmbeddings } from '../embeddings/index.js';
import type { HybridIndex, SearchHit } from '../index/index.js';
import type { Source } from '../types.js';

export const DEFAULT_K = 5;

/** Hybrid retrieval: embeds the query, asks the index, numbers the results as sources [1..k]. */
export class Retriever {
  constructor(
    private readonly index: () => HybridIndex,
    private readonly embedder: CitedEmbeddings,
  ) {}

  async retrieve(query: string, k = DEFAULT_K): Promise<Source[]> {
    const index = this.index();
    const [vector] = await this.embedder.embedVectors([query]);
    return index.search(vector, query, k).map((h, i) => toSource(index, h, i + 1));
  }
}

export function toSource(index: HybridIndex, hit: SearchHit, n: number): Source {
  const doc = index.document(hit.chunk.docId);
  return {
    n, docId: hit.chunk.docId, chunkId: hit.chunk.id, title: doc?.title ?? hit.chunk.docId,
    ...(doc?.date ? { date: doc.date } : {}), text: hit.chunk.text, score: hit.score, start: hit.chunk.start, end: hit.chunk.end,
  };
}

/** The same retrieval as a LangChain retriever, so any LangChain chain can use `cited`'s index. */
export class CitedRetriever extends BaseRetriever {
  override lc_namespace = ['cited', 'retrievers'];

  constructor(private readonly retriever: Retriever, private readonly k = DEFAULT_K) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const sources = await this.retriever.retrieve(query, this.k);
    return sources.map((s) => new Document({ pageContent: s.text, id: s.chunkId, metadata: { ...s, text: undefined } }));
  }
}
