import { bm25Terms } from './bm25-terms.js';
import { buildPostings } from './bm25-postings.js';
import { rankPostings } from './bm25-top-k.js';
import type { Bm25Pass, TermHit } from './bm25-top-k.js';
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

/**
 * A collection's BM25 pass, for either store: each row's length factor and the scratch a search fills. MiniSearch
 * computes k·(1 − b + b·len/avg) inline; precomputed once with the same expression, same bits.
 */
export function bm25Pass(lengths: ArrayLike<number>, avgLength: number): Bm25Pass {
  const n = lengths.length;
  const norms = Float64Array.from(lengths, (len) => K * (1 - B + (B * len) / avgLength));
  return { n, norms, acc: new Float64Array(n), matched: new Uint16Array(n), k1: K, d: D };
}

/** BM25 ranking over chunk rows: an inverted index of typed arrays (term → rows ascending, frequencies). */
export class Bm25Index {
  /** The collection's norms and the scratch a search fills. */
  private readonly pass: Bm25Pass;

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
    this.pass = bm25Pass(lengths, avgLength);
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
    const { terms, rows, freqs, offsets } = this;
    const postingsOf = (term: string) => {
      const t = terms.get(term);
      return t === undefined ? undefined : { rows, freqs, from: offsets[t], to: offsets[t + 1] };
    };
    return rankPostings(bm25Terms(query), postingsOf, this.pass, k);
  }
}
