import type { Chunk, CitedDocument, EmbedderInfo, Span } from '../types.js';

/** A document as the index keeps it: with its sentence spans, so answers can quote whole sentences. */
export interface IndexedDocument extends CitedDocument {
  sentences: Span[];
}

export interface SearchHit {
  /** The chunk's position in the index: stable for one index version, and the tie-break of equal scores. */
  row: number;
  chunk: Chunk;
  score: number;
  similarity?: number;
  bm25?: number;
}

/** How much an index holds, for the status endpoint and the logs. */
export interface IndexSize {
  documents: number;
  chunks: number;
}

/**
 * What the readers of an index (retrieval, answering, the HTTP API, the eval) need from it, and nothing about how it
 * is stored: the hybrid index on disk is one implementation, a database-backed store can be another (LangChain's
 * `VectorStore` plays this part there).
 *
 * Searching is asynchronous, since a store that is not in memory answers over the network. `document()` is not: the
 * answer path checks every citation against its document's text while it streams, so a store must keep documents at
 * hand (they are small beside the vectors and the term index, which are what a database holds).
 */
export interface SearchIndex {
  /** The embedder that made the stored vectors: a query must be embedded by the same one. */
  readonly embedder: EmbedderInfo;
  /** The folders the corpus was read from: a re-ingest reads them again. */
  readonly roots: readonly string[];
  readonly size: IndexSize;
  /**
   * At most `k` chunks for a query, best first (by score, then by row), ranked by meaning (`queryVector`, a unit
   * vector from `embedder`; without one, by words only) and by the words of `queryText`.
   */
  search(queryVector: Float32Array | undefined, queryText: string, k: number): Promise<SearchHit[]>;
  /** At most `k` chunks ranked by BM25 over the words alone: the baseline the eval reports beside the hybrid one. */
  searchTerms(queryText: string, k: number): Promise<SearchHit[]>;
  /** A document by id, with the exact text every chunk and citation offset points into; undefined when unknown. */
  document(id: string): IndexedDocument | undefined;
  /** Every document, in a stable order: what the answer path learns the corpus's words and their spelling from. */
  documents(): readonly IndexedDocument[];
  /** How many chunks a document was cut into (0 for an unknown id): the document listing shows it. */
  chunkCount(docId: string): number;
}
