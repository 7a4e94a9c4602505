import { boundedCache, stringBytes } from '../bounded-cache.js';
import { isLongWord, isStopword, stem } from '../nlp/index.js';
import { asF64, asU16, asU32, decodeSections, encodeSections } from './sections.js';

export interface TermHit {
  row: number;
  score: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Stems of words already seen ('' for a stop word): a corpus repeats its words, and stemming is the costly part.
 * 16 MB holds ≈ 100,000 words (~160 B an entry), the vocabulary that carries almost all of a large corpus's
 * tokens (Zipf); a rarer word costs one stem on a miss. Unique query words can never keep more.
 */
const STEMS_CACHE_BYTES = 16 * 1024 * 1024;
const stems = boundedCache<string, string>(STEMS_CACHE_BYTES, stringBytes);

/** The one tokenizer for BM25, shared by indexing and querying: lower case, no stop words, Porter2 stems. */
export function bm25Terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    // A word longer than any real one is its own term, and is not cached (see MAX_WORD_CHARS).
    let s = isLongWord(m[0]) ? m[0] : stems.get(m[0]);
    if (s === undefined) {
      const w = m[0].replace(/['’]s$/, '');
      s = isStopword(w) ? '' : stem(w);
      stems.set(m[0], s);
    }
    if (s) out.push(s);
  }
  return out;
}

/**
 * BM25+ with MiniSearch's parameters and arithmetic (format 1 stored a MiniSearch index): the same terms, the
 * same field length (distinct terms), the same running average and the same order of float operations, so
 * every score and every tie is as before.
 */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** A growable Uint32Array: the build appends ~35 (term, frequency) pairs per chunk. */
class U32List {
  data = new Uint32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

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
    const ids = new Map<string, number>();
    const vocabulary: string[] = [];
    const df: number[] = [];
    const pairTerm = new U32List();
    const pairFreq = new U32List();
    const docEnd = new Float64Array(texts.length);
    const lengths = new Uint32Array(texts.length);
    const tf = new Map<string, number>();
    let avg = 0;
    let maxFreq = 0;
    texts.forEach((text, row) => {
      const tokens = bm25Terms(text);
      tf.clear();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      lengths[row] = tf.size;
      avg = (avg * row + tf.size) / (row + 1);
      for (const [t, n] of tf) {
        let id = ids.get(t);
        if (id === undefined) {
          id = vocabulary.length;
          ids.set(t, id);
          vocabulary.push(t);
          df.push(0);
        }
        df[id]++;
        pairTerm.push(id);
        pairFreq.push(n);
        if (n > maxFreq) maxFreq = n;
      }
      docEnd[row] = pairTerm.length;
    });
    const offsets = new Float64Array(vocabulary.length + 1);
    for (let t = 0; t < df.length; t++) offsets[t + 1] = offsets[t] + df[t];
    const cursor = offsets.slice(0, -1);
    const rows = new Uint32Array(pairTerm.length);
    const freqs = maxFreq <= 0xffff ? new Uint16Array(pairTerm.length) : new Uint32Array(pairTerm.length);
    for (let row = 0, p = 0; row < texts.length; row++) {
      for (; p < docEnd[row]; p++) {
        const at = cursor[pairTerm.data[p]]++;
        rows[at] = row;
        freqs[at] = pairFreq.data[p];
      }
    }
    return new Bm25Index(ids, vocabulary, offsets, rows, freqs, lengths, avg);
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

/** The k best of `rows` by score, earlier rows of the list first on ties (a stable sort, without sorting all). */
function topK(rows: number[], scoreOf: (row: number) => number, k: number): TermHit[] {
  const heap: { row: number; score: number; order: number }[] = [];
  const worse = (a: { score: number; order: number }, b: { score: number; order: number }) =>
    a.score < b.score || (a.score === b.score && a.order > b.order);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(heap[l], heap[w])) w = l;
      if (r < heap.length && worse(heap[r], heap[w])) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w], heap[i]];
      i = w;
    }
  };
  rows.forEach((row, order) => {
    const score = scoreOf(row);
    if (heap.length < k) {
      heap.push({ row, score, order });
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (k > 0 && score > heap[0].score) {
      heap[0] = { row, score, order };
      down(0);
    }
  });
  return heap.sort((a, b) => b.score - a.score || a.order - b.order).map(({ row, score }) => ({ row, score }));
}
