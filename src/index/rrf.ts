/** Reciprocal rank fusion (Cormack et al., 2009): robust to the two rankers' incomparable scores. */
export function reciprocalRankFusion(rankings: number[][], k = 60): Map<number, number> {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((row, rank) => fused.set(row, (fused.get(row) ?? 0) + 1 / (k + rank + 1)));
  }
  return fused;
}
