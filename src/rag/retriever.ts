import type { CitedEmbeddings } from '../embeddings/index.js';
import { CitedError } from '../errors.js';
import type { SearchHit, SearchIndex } from '../index/index.js';
import type { Source } from '../types.js';
import { InstructionTaint } from './instruction-taint.js';
import type { SourceRetriever } from './source-retriever.js';
import { pageAt } from './verify.js';

export const DEFAULT_K = 5;

// An injected paragraph repeats the question's words and can outrank the chunk that answers it. Sources are drawn
// from this many times k hits, so chunks holding nothing but instructions (and their paragraphs) cannot crowd the
// answer out; the index scores a fixed candidate pool, so asking it for more hits does not reorder the first k.
const OVERFETCH = 4;

/**
 * Hybrid retrieval over one index: embeds the query, asks the index, numbers the results that may answer as sources
 * [1..k]. Bound to one index, so an answer that started on it never reads a newer one swapped in meanwhile.
 */
export class Retriever implements SourceRetriever {
  constructor(
    private readonly index: SearchIndex,
    private readonly embedder: CitedEmbeddings,
  ) {}

  async retrieve(query: string, k = DEFAULT_K, signal?: AbortSignal): Promise<Source[]> {
    const index = this.index;
    const [vector] = await this.embedder.embedVectors([query]);
    if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
    const taint = new InstructionTaint();
    const answerable = (h: SearchHit) => {
      const doc = index.document(h.chunk.docId);
      return !doc || taint.answerable(doc, h.chunk.start, h.chunk.end);
    };
    const hits = await index.search(vector, query, k * OVERFETCH);
    return hits
      .filter(answerable)
      .slice(0, k)
      .map((h, i) => toSource(index, h, i + 1));
  }
}

export function toSource(index: SearchIndex, hit: SearchHit, n: number): Source {
  const doc = index.document(hit.chunk.docId);
  const page = pageAt(doc, hit.chunk.start);
  return {
    n,
    docId: hit.chunk.docId,
    chunkId: hit.chunk.id,
    title: doc?.title ?? hit.chunk.docId,
    ...(doc?.date ? { date: doc.date } : {}),
    text: hit.chunk.text,
    score: hit.score,
    start: hit.chunk.start,
    end: hit.chunk.end,
    ...(page ? { page } : {}),
  };
}
