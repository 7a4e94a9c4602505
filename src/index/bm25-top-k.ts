/** A row and its BM25 score. */
export interface TermHit {
  row: number;
  score: number;
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

/** One term's postings: the rows holding it, ascending, and its frequency in each, at [from, to) of the arrays. */
export interface Postings {
  rows: ArrayLike<number>;
  freqs: ArrayLike<number>;
  from: number;
  to: number;
}

/** What one BM25+ ranking reads and the scratch it fills (each row's sum and distinct terms matched, left zeroed). */
export interface Bm25Pass {
  /** Rows in the collection. */
  n: number;
  /** Each row's k1·(1 − b + b·len/avg). */
  norms: Float64Array;
  acc: Float64Array;
  matched: Uint16Array;
  k1: number;
  d: number;
}

/**
 * The one BM25+ loop of both stores: scores every posting of every query term (a repeated term counts again, as in
 * MiniSearch), multiplies by the number of distinct terms matched, and keeps the top k by score, ties in order of
 * first match. Synchronous, so one pass's scratch is never another's.
 */
export function rankPostings(
  qterms: readonly string[],
  postingsOf: (term: string) => Postings | undefined,
  pass: Bm25Pass,
  k: number,
): TermHit[] {
  const { n, norms, acc, matched, k1, d } = pass;
  const touched: number[] = [];
  qterms.forEach((term, i) => {
    const p = postingsOf(term);
    if (!p) return;
    const first = qterms.indexOf(term) === i;
    const df = p.to - p.from;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let j = p.from; j < p.to; j++) {
      const row = p.rows[j];
      const f = p.freqs[j];
      const score = idf * (d + (f * (k1 + 1)) / (f + norms[row]));
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
