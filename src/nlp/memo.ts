import { boundedCache } from '../bounded-cache.js';

/**
 * A memo bounded by bytes (least recently used out first): the same sentences are analysed for every question,
 * so their results are kept, but a stream of unique questions can only ever fill `maxBytes`.
 */
export function memoize<V extends NonNullable<unknown>>(
  fn: (key: string) => V,
  maxBytes: number,
  valueBytes: (value: V) => number,
): (key: string) => V {
  const cache = boundedCache<string, V>(maxBytes, valueBytes);
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      cache.set(key, v);
    }
    return v;
  };
}
