import { bm25Terms } from './bm25-terms.js';
import { buildPostings } from './bm25-postings.js';
import { topK } from './bm25-top-k.js';
import type { TermHit } from './bm25-top-k.js';
import { asF64, asU16, asU32, decodeSections, encodeSections } from './sections.js';

export { bm25Terms } from './bm25-terms.js';
export type { TermHit } from './bm25-top-k.js';

/**
 * BM25+ with MiniSearch's parameters and arithmetic (format 1 stored a MiniSearch index): the same terms, the
 * same field length (distinct terms), the same running average and the same order of float operations, so
 * every score and every tie is as before.
 */
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** The same parameters for another implementation of the same ranking (the PostgreSQL store's, in SQL). */
export const BM25_PARAMETERS = { k: K, b: B, d: D } as const;

/** BM25 ranking over chunk rows: an inverted index of typed arrays (term → rows ascending, frequencies). */
export class Bm25Index {
  private readonly norms: Float64Array;
  private readonly acc: Float64Array;
  private readonly matched: Uint16Array;

  private constructor(
    private readonly terms: Map<string, number>,
    private readonly vocabulary: string[],
    /** Postings of term t are [offsets[t], offsets[t + 1]). */
    private readonly offsets: Float64Array,
    private readonly rows: Uint32Array,
    private readonly freqs: Uint16Array | Uint32Array,
    private readonly lengths: Uint32Array,
    private readonly avgLength: number,
  ) {
    // MiniSearch computes k·(1 − b + b·len/avg) inline; precomputed once with the same expression, same bits.
    this.norms = new Float64Array(lengths.length);
    for (let i = 0; i < lengths.length; i++) this.norms[i] = K * (1 - B + (B * lengths[i]) / avgLength);
    this.acc = new Float64Array(lengths.length);
    this.matched = new Uint16Array(lengths.length);
  }

  static build(texts: readonly string[]): Bm25Index {
    const p = buildPostings(texts);
    return new Bm25Index(p.terms, p.vocabulary, p.offsets, p.rows, p.freqs, p.lengths, p.avgLength);
  }

  /** Number of rows (chunks) indexed. */
  get size(): number {
    return this.lengths.length;
  }

  /** The file's parts: vocabulary ('\n'-joined; terms are words), offsets, rows, frequencies, lengths, average. */
  encode(): Uint8Array[] {
    return encodeSections([
      Buffer.from(this.vocabulary.join('\n')),
      this.offsets,
      this.rows,
      this.freqs,
      this.lengths,
      new Float64Array([this.avgLength]),
    ]);
  }

  static decode(file: Uint8Array): Bm25Index {
    const [vocab, offsetsS, rowsS, freqsS, lengthsS, avgS] = decodeSections(file);
    const offsets = asF64(offsetsS);
    const rows = asU32(rowsS);
    const freqs = freqsS.byteLength === 2 * rows.length ? asU16(freqsS) : asU32(freqsS);
    const lengths = asU32(lengthsS);
    const vocabulary =
      offsets.length > 1
        ? Buffer.from(vocab.buffer, vocab.byteOffset, vocab.byteLength).toString('utf8').split('\n')
        : [];
    if (
      vocabulary.length !== offsets.length - 1 ||
      offsets[offsets.length - 1] !== rows.length ||
      freqs.length !== rows.length
    ) {
      throw new Error('BM25 sections do not agree');
    }
    const terms = new Map<string, number>();
    vocabulary.forEach((t, i) => terms.set(t, i));
    return new Bm25Index(terms, vocabulary, offsets, rows, freqs, lengths, asF64(avgS)[0]);
  }

  /**
   * Scores every posting of every query term (a repeated term counts again, as in MiniSearch), multiplies by the
   * number of distinct terms matched, and keeps the top k by score, ties in order of first match.
   */
  search(query: string, k: number): TermHit[] {
    const qterms = bm25Terms(query);
    const n = this.lengths.length;
    const touched: number[] = [];
    const { acc, matched, norms, rows, freqs, offsets } = this;
    qterms.forEach((term, i) => {
      const t = this.terms.get(term);
      if (t === undefined) return;
      const first = qterms.indexOf(term) === i;
      const from = offsets[t];
      const to = offsets[t + 1];
      const df = to - from;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let p = from; p < to; p++) {
        const row = rows[p];
        const f = freqs[p];
        const score = idf * (D + (f * (K + 1)) / (f + norms[row]));
        if (matched[row] === 0) {
          touched.push(row);
          acc[row] = score;
          matched[row] = 1;
        } else {
          acc[row] = acc[row] + score;
          if (first) matched[row]++;
        }
      }
    });
    const top = topK(touched, (row) => acc[row] * matched[row], k);
    for (const row of touched) matched[row] = 0;
    return top;
  }
}
