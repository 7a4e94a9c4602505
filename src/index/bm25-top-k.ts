/** A row and its BM25 score. */
export interface TermHit {
  row: number;
  score: number;
}

/** The k best of `rows` by score, earlier rows of the list first on ties (a stable sort, without sorting all). */
export function topK(rows: number[], scoreOf: (row: number) => number, k: number): TermHit[] {
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
