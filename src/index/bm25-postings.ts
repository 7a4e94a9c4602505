import { bm25Terms } from './bm25-terms.js';

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

/** An inverted index's arrays as BM25 reads them; postings of term t are [offsets[t], offsets[t + 1]). */
export interface Postings {
  terms: Map<string, number>;
  vocabulary: string[];
  offsets: Float64Array;
  rows: Uint32Array;
  freqs: Uint16Array | Uint32Array;
  lengths: Uint32Array;
  /** The mean number of distinct terms in a row, kept as MiniSearch keeps it (a running average). */
  avgLength: number;
}

/** The postings of `texts`, one row each: (term, frequency) pairs appended per row, then grouped by term. */
export function buildPostings(texts: readonly string[]): Postings {
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
  return { terms: ids, vocabulary, offsets, rows, freqs, lengths, avgLength: avg };
}
