import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

/** Enough unique clients to have grown the old per-client Maps by hundreds of MB; still a few seconds of loopback. */
const REQUESTS = 24_000;
/** Requests in flight at once, as in the attack pass. */
const CONCURRENCY = 16;
/** Requests before the baseline is taken, so lazily built state (JIT, pools, tables' first entries) is in it. */
const WARMUP = 500;
/**
 * How far the heap may grow over the baseline. The per-client tables are bounded at 8 MiB each; the old code
 * kept every 10–15 KB header (about 300 MB for REQUESTS), so a generous 40 MB separates the two without flaking.
 */
const HEAP_GROWTH_BOUND = 40 * 1024 * 1024;
/** X-Forwarded-For values are 10–15 KB: long enough to hurt if kept, and under Node's 16 KiB header limit. */
const PAD_MIN = 10_000;
const PAD_SPREAD = 5_000;
const RATE_LIMIT = 60;
/** The child builds its index once; starting it may take a while on a busy machine. */
const START_TIMEOUT_MS = 60_000;
/** About 10 s here; the limit leaves room for a busy machine (and lets the old, slower code fail on the heap). */
const RUN_TIMEOUT_MS = 120_000;

const FIXTURE = join(import.meta.dirname, 'fixtures', 'memory-server.ts');

/** The server in its own process, and a line reader over what it prints. */
class Child {
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly buffered: string[] = [];

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout });
    this.lines.on('line', (l) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(l);
      else this.buffered.push(l);
    });
  }

  next<T>(): Promise<T> {
    const ready = this.buffered.shift();
    if (ready !== undefined) return Promise.resolve(JSON.parse(ready) as T);
    return new Promise((resolve, reject) => {
      this.waiting.push((l) => resolve(JSON.parse(l) as T));
      this.proc.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
    });
  }

  async heapUsed(): Promise<number> {
    this.proc.stdin.write('heap\n');
    return (await this.next<{ heapUsed: number }>()).heapUsed;
  }
}

describe('memory stays flat under unique client addresses and wrong keys', () => {
  let child: Child;
  let url: URL;
  const stderr: string[] = [];
  beforeAll(async () => {
    const env = { CITED_TRUST_PROXY: '1', CITED_API_KEYS: 'the-right-key', CITED_RATE_LIMIT: String(RATE_LIMIT) };
    const args = ['--expose-gc', '--import', 'tsx', FIXTURE, JSON.stringify(env)];
    const proc = spawn(process.execPath, args, { cwd: REPO });
    proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    child = new Child(proc);
    url = new URL((await child.next<{ url: string }>()).url);
  }, START_TIMEOUT_MS);
  afterAll(() => {
    child?.proc.stdin.end();
    child?.proc.kill();
  });

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let padding = 'f'.repeat(PAD_MIN + PAD_SPREAD);

  /**
   * One wrong-key request whose X-Forwarded-For no other request shares: a 10–15 KB junk value (even i), or a
   * short chain ending in a unique valid IPv6 address (odd i), which one trusted hop makes a new client each time.
   */
  const attack = (i: number): Promise<number> => {
    const forwarded =
      i % 2 === 0
        ? `${i}-${padding.slice(0, PAD_MIN + ((i * 7919) % PAD_SPREAD))}`
        : `6.6.6.6, 2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: '/api/search',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer guess-${i}`,
            'x-forwarded-for': forwarded,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end('{"query":"Hama"}');
    });
  };

  /** Requests `from`..`to` with CONCURRENCY in flight; returns the statuses in order. */
  const run = async (from: number, to: number): Promise<number[]> => {
    const statuses: number[] = new Array(to - from);
    let next = from;
    const worker = async () => {
      for (let i = next++; i < to; i = next++) statuses[i - from] = await attack(i);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return statuses;
  };

  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

  it(
    `${REQUESTS} unique X-Forwarded-For values: heap within ${mb(HEAP_GROWTH_BOUND)}, and 429s`,
    async () => {
      const warm = await run(0, WARMUP);
      const baseline = await child.heapUsed();
      padding = 'e'.repeat(PAD_MIN + PAD_SPREAD); // fresh strings, so nothing is shared with the warm-up
      const statuses = await run(WARMUP, WARMUP + REQUESTS);
      const after = await child.heapUsed();
      const growth = after - baseline;
      expect(growth, `heap grew ${mb(growth)} (baseline ${mb(baseline)})`).toBeLessThan(HEAP_GROWTH_BOUND);
      const warmRefused = warm.filter((s, i) => i % 2 === 0 && s === 401);
      // The limit is checked before a failure is counted, so up to CONCURRENCY requests in flight may slip past it.
      expect(warmRefused.length).toBeGreaterThanOrEqual(RATE_LIMIT);
      expect(warmRefused.length).toBeLessThanOrEqual(RATE_LIMIT + CONCURRENCY);
      const junk = statuses.filter((_s, i) => (WARMUP + i) % 2 === 0);
      const unique = statuses.filter((_s, i) => (WARMUP + i) % 2 === 1);
      expect(new Set(junk.slice(-1000))).toEqual(new Set([429])); // junk counts as the socket: limited
      expect(new Set(unique)).toEqual(new Set([401])); // each a new client by configuration: its first failure
      expect(stderr.join('')).not.toMatch(/heap out of memory|internal error/);
    },
    RUN_TIMEOUT_MS,
  );
});
