import { LRUCache } from 'lru-cache';

/**
 * The one way cited keeps a table that requests can grow: an LRU bounded by an estimate of the bytes its keys
 * and values hold, not by its number of entries — a count bounds nothing when one key can be 4 kB. Each user
 * names its budget and says why; an entry larger than a twentieth of the budget is not kept at all, so one
 * huge key can never evict a whole working set.
 */
export type BoundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> = LRUCache<K, V>;

/** V8 keeps a string in one or two bytes a character; two is the safe side. Plus its header. */
export const stringBytes = (s: string): number => 2 * s.length + 16;

// lru-cache's bookkeeping per entry: a Map slot, key and value list slots, links and a size (measured: ~90 B).
const ENTRY_BYTES = 96;
// A number key is a heap number or a small integer: 16 bytes at most.
const NUMBER_BYTES = 16;
// One entry may take at most this share of a budget (see above).
const LARGEST_SHARE = 20;

export function boundedCache<K extends string | number, V extends NonNullable<unknown>>(
  maxBytes: number,
  valueBytes: (value: V) => number,
): BoundedCache<K, V> {
  return new LRUCache<K, V>({
    maxSize: maxBytes,
    maxEntrySize: Math.floor(maxBytes / LARGEST_SHARE),
    sizeCalculation: (value, key) => {
      const keyBytes = typeof key === 'string' ? stringBytes(key) : NUMBER_BYTES;
      return Math.max(1, Math.ceil(ENTRY_BYTES + keyBytes + valueBytes(value)));
    },
  });
}
