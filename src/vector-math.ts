/**
 * Cosine similarity: the one implementation that the word vectors, the index and the answerer's sentence similarity
 * share. Hand-written: it is one loop over typed arrays, and a library would first copy the rows out of the
 * word-vector table.
 */

/**
 * Cosine similarity of `a[aAt…aAt+dims)` and `b[bAt…bAt+dims)` (0 when either is all zeros); the offsets address
 * one row of a table of rows laid end to end. For unit vectors (the embedders' and the index's), pass `unit`: their
 * dot product is their cosine, without two square roots per pair.
 */
export function cosine(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { unit = false, dims = a.length, aAt = 0, bAt = 0 } = {},
): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < dims; d++) {
    dot += a[aAt + d] * b[bAt + d];
    if (unit) continue;
    na += a[aAt + d] * a[aAt + d];
    nb += b[bAt + d] * b[bAt + d];
  }
  if (unit) return dot;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Options for unit vectors, shared so the hot paths do not allocate one per call. */
export const UNIT = { unit: true } as const;
