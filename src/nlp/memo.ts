/** A bounded memo: the same sentences are analysed for every question, so their results are kept (oldest out first). */
export function memoize<V>(fn: (key: string) => V, max = 20_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, v);
    }
    return v;
  };
}
