import type { Chunk, EmbedderInfo } from '../types.js';
import type { IndexedDocument, SearchIndex } from './search-index.js';

/**
 * Where an ingest writes: the version it builds on and the writer that makes its new version live. The index files
 * on disk are one target, a database another; the ingest pipeline (load → chunk → embed) is the same for both.
 */

/** The live version an ingest builds on: unchanged documents keep its chunks and vectors (never re-embedded). */
export interface BaseVersion {
  documents(): readonly IndexedDocument[];
  document(id: string): IndexedDocument | undefined;
  /**
   * A document's chunks and their vectors when this version holds them in memory; undefined when the writer copies
   * the vectors itself (a database, from row to row), and the pipeline cuts the same text into the same chunks.
   */
  chunksOf(docId: string): { chunks: Chunk[]; vectors: Float32Array[] } | undefined;
}

/** What an ingest read: the live version's name (null: none yet), and it as a base when its vectors can be reused. */
export interface LiveVersion<B extends BaseVersion> {
  name: string | null;
  reusable?: B;
}

/** A new version's contents; a null vector is the base version's vector of the same chunk, copied by the writer. */
export interface NewVersion {
  documents: IndexedDocument[];
  chunks: Chunk[];
  vectors: (Float32Array | null)[];
  embedder: EmbedderInfo;
  chunker: string;
  roots: string[];
  /** Which copy of the roots was read (see corpusSource): a shared store keeps it, the files on disk need not. */
  source?: string[];
}

export type WriteProgress = (phase: 'index' | 'write', done: number, total: number) => void;

export interface VersionTarget<I extends SearchIndex, B extends BaseVersion> {
  /** The live version; as a base only when `embedder` (undefined: a forced rebuild) and `chunker` made it. */
  live(embedder: EmbedderInfo | undefined, chunker: string): Promise<LiveVersion<B>>;
  /**
   * Writes `contents` as a new version and makes it live in one step, unless another writer made a version live
   * since `from` was read (INDEX_BUSY); returns the new version, ready to serve, and its name.
   */
  write(contents: NewVersion, from: LiveVersion<B>, progress: WriteProgress): Promise<{ index: I; name: string }>;
}
