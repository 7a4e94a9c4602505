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
