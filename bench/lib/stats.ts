/** Small statistics helpers: every figure in the benchmarks is a median (or percentile) of repeated samples. */

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank: no interpolation, so a p95 is always a latency that really happened.
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export const median = (xs: number[]): number => percentile(xs, 50);

export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/** Milliseconds an (async) function takes, with its result. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

/** Resident set size of this process now, in MiB. */
export const rssMb = (): number => mb(process.memoryUsage().rss);

export function gc(): void {
  // Only present under --expose-gc; memory figures are taken after a collection when possible.
  (globalThis as { gc?: () => void }).gc?.();
}
