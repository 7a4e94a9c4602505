import { boundedCache } from '../bounded-cache.js';
import type { BoundedCache } from '../bounded-cache.js';

/** Rate-limit and failure windows last a minute (the limits are "per minute"). */
export const WINDOW_MS = 60_000;

/**
 * The most memory one per-client table may hold. An entry is a key of at most 68 characters (an address is at
 * most 45, an API key is kept as its SHA-256) and a two-number window; with the LRU's own bookkeeping that is
 * well under 512 bytes, so 8 MiB tracks more than 16,000 clients a minute — far beyond one instance's traffic —
 * while an attacker who makes up addresses only evicts the oldest windows instead of growing the heap.
 */
export const CLIENT_TABLE_BYTES = 8 * 1024 * 1024;

interface Window {
  count: number;
  resetAt: number;
}

// A window is an object with two numbers: counted generously, with its header.
const WINDOW_BYTES = 64;

/** A per-client table of one-minute windows, bounded by bytes: the least recently seen client goes first. */
export function windowTable(maxBytes = CLIENT_TABLE_BYTES): BoundedCache<string, Window> {
  return boundedCache<string, Window>(maxBytes, () => WINDOW_BYTES);
}

/** One client's current window: what it counted so far, and how long until it ends. */
export interface Tally {
  count: number;
  resetInMs: number;
}

/** The limits counted per client: requests, and wrong keys sent to the API or to the document API. */
export type LimitName = 'requests' | 'wrong-keys' | 'wrong-admin-keys';

/**
 * Fixed one-minute windows per client key, wherever they are kept: this process, the `serve --workers` primary or
 * Redis. A counter never fails a request: one whose store cannot answer counts somewhere else instead.
 */
export interface WindowCounter {
  /** Counts one more for `key` (opening a window when none is open) and returns the window with it. */
  hit(key: string): Promise<Tally>;
  /** The open window of `key` as it stands, without counting; undefined when none is open. */
  peek(key: string): Promise<Tally | undefined>;
}

/** Makes the counter of one limit; `perMinute` is that limit, which a shared store needs to size its windows. */
export type CounterFactory = (name: LimitName, perMinute: number) => WindowCounter;

/** Windows kept in this process, in a bounded table: the default, and each server's own before there was Redis. */
export function memoryCounter(now: () => number = Date.now): WindowCounter {
  const windows = windowTable();
  const open = (key: string, t: number) => {
    const w = windows.get(key);
    return w && w.resetAt > t ? w : undefined;
  };
  return {
    hit: async (key) => {
      const t = now();
      let w = open(key, t);
      if (!w) {
        w = { count: 0, resetAt: t + WINDOW_MS };
        windows.set(key, w);
      }
      w.count++;
      return { count: w.count, resetInMs: w.resetAt - t };
    },
    peek: async (key) => {
      const t = now();
      const w = open(key, t);
      return w && { count: w.count, resetInMs: w.resetAt - t };
    },
  };
}

/** Each limit in a table of this process's own. */
export const memoryCounters: CounterFactory = () => memoryCounter();
