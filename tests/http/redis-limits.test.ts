import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { REPO } from '../helpers/fixtures.js';
import {
  BACK,
  RedisServer,
  UNREACHABLE,
  connectedToRedis,
  count,
  redisServerOrSkip,
  until,
} from '../helpers/redis-server.js';
import { searchOnce, servedUrl, spawnServe } from '../helpers/served-cli.js';
import type { LimitedReply } from '../helpers/served-cli.js';
import { startTestServer } from '../helpers/server.js';

const BIN = join(REPO, 'bin', 'cited.js');
/** Five a minute: small enough to spend in a test, large enough that two servers alternating both serve. */
const RATE_LIMIT = 5;
/** One API key per test, so each test has a window of its own in the one Redis the servers share. */
const KEYS = ['k-shared', 'k-outage', 'k-back', 'k-frozen', 'k-after-freeze', 'k-cli'];

const { binary, missing } = redisServerOrSkip();
/** Without redis-server the tests are skipped, except in CI, where they fail saying what to install. */
const skip = !binary && process.env.CI !== 'true';

/** A real redis-server on a free port, or (in CI, without the binary) the failure that says what to install. */
function startRedis(): Promise<RedisServer> {
  if (!binary) throw new Error(missing);
  return RedisServer.start(binary);
}

/** A server under test and everything it logged. */
interface Served {
  server: RunningServer;
  log: string[];
}

async function served(redisUrl: string): Promise<Served> {
  const log: string[] = [];
  const env = {
    CITED_REDIS_URL: redisUrl,
    CITED_RATE_LIMIT: String(RATE_LIMIT),
    CITED_API_KEYS: KEYS.join(','),
    // The client is the X-Forwarded-For entry, so each wrong-key test can be a client of its own.
    CITED_TRUST_PROXY: '1',
  };
  const server = await startTestServer(env, { log: (m) => log.push(m) });
  return { server, log };
}

/** `n` requests with `key`, alternating between the servers (the first to `servers[0]`). */
async function alternate(servers: Served[], n: number, headers: Record<string, string>): Promise<LimitedReply[]> {
  const replies: LimitedReply[] = [];
  for (let i = 0; i < n; i++) replies.push(await searchOnce(servers[i % servers.length].server.url, headers));
  return replies;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const statuses = (replies: LimitedReply[]) => replies.map((r) => r.status);
const times = (n: number, status: number) => Array<number>(n).fill(status);

describe.skipIf(skip)('the rate limit in Redis (CITED_REDIS_URL), shared by two servers', () => {
  let redis: RedisServer;
  let a: Served;
  let b: Served;
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([served(redis.url), served(redis.url)]);
    for (const s of [a, b]) await connectedToRedis(() => s.log.join('\n'), redis);
  });
  afterAll(async () => {
    await Promise.all([a?.server.close(), b?.server.close()]);
    await redis?.kill();
  });

  it('holds across them: the 6th request of a minute, whichever server gets it, is 429 with Retry-After', async () => {
    const replies = await alternate([a, b], RATE_LIMIT + 1, bearer('k-shared'));
    expect(statuses(replies)).toEqual([...times(RATE_LIMIT, 200), 429]);
    expect(replies.map((r) => r.remaining)).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(new Set(replies.map((r) => r.limit))).toEqual(new Set([String(RATE_LIMIT)]));
    const retryAfter = Number(replies[RATE_LIMIT].retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The other server refuses the key as well: it is one count, not one a server.
    expect((await searchOnce(a.server.url, bearer('k-shared'))).status).toBe(429);
  });

  it('counts wrong keys from one address across them', async () => {
    const guesser = { 'x-forwarded-for': '203.0.113.7' };
    const guesses = await alternate([a, b], RATE_LIMIT + 2, { ...guesser, ...bearer('guess') });
    expect(statuses(guesses)).toEqual([...times(RATE_LIMIT, 401), 429, 429]);
    expect(Number(guesses[RATE_LIMIT].retryAfter)).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await searchOnce(b.server.url, { 'x-forwarded-for': '203.0.113.8', ...bearer('guess') })).status).toBe(401);
  });

  it('answers while Redis is down (each server counting alone, logged once), shares again once back', async () => {
    expect(statuses(await alternate([a, b], 2, bearer('k-outage')))).toEqual([200, 200]);
    const outages = (s: Served) => count(s.log.join('\n'), UNREACHABLE);
    const already = new Map([a, b].map((s) => [s, outages(s)]));
    const before = (s: Served) => already.get(s)!;
    await redis.kill();
    for (const s of [a, b]) {
      await until(
        () => outages(s) > before(s),
        () => `no "unreachable" line:\n${s.log.join('\n')}`,
      );
    }

    // Nothing hangs: every request is answered from the in-memory insurance, which still enforces the limit.
    const during = await alternate([a, b], 2 * RATE_LIMIT, bearer('k-outage'));
    expect(statuses(during)).toEqual(times(2 * RATE_LIMIT, 200));
    expect((await searchOnce(a.server.url, bearer('k-outage'))).status).toBe(429);
    // One line for the outage, not one a request (nor one a reconnect attempt).
    for (const s of [a, b]) expect(outages(s)).toBe(before(s) + 1);

    await redis.restart();
    for (const s of [a, b]) {
      await until(
        () => count(s.log.join('\n'), BACK) === before(s) + 1,
        () => `no "is back" line:\n${s.log.join('\n')}`,
      );
    }
    // One count again, in the restarted (empty) Redis.
    expect(statuses(await alternate([a, b], RATE_LIMIT + 1, bearer('k-back')))).toEqual([
      ...times(RATE_LIMIT, 200),
      429,
    ]);
  });

  it('answers while Redis is frozen (connected, silent), then shares again when it thaws', async () => {
    const before = count(a.log.join('\n'), UNREACHABLE);
    redis.freeze(true);
    try {
      // Answered after the command timeout, from the insurance.
      expect((await searchOnce(a.server.url, bearer('k-frozen'))).status).toBe(200);
      // The silent connection is dropped, which is logged once.
      await until(
        () => count(a.log.join('\n'), UNREACHABLE) === before + 1,
        () => `no "unreachable" line for a frozen Redis:\n${a.log.join('\n')}`,
      );
      expect((await searchOnce(a.server.url, bearer('k-frozen'))).status).toBe(200);
    } finally {
      redis.freeze(false);
    }
    const back = count(a.log.join('\n'), BACK);
    await until(
      () => count(a.log.join('\n'), BACK) === back + 1,
      () => `no "is back" line after the thaw:\n${a.log.join('\n')}`,
    );
    const replies = await alternate([a, b], RATE_LIMIT + 1, bearer('k-after-freeze'));
    expect(statuses(replies)).toEqual([...times(RATE_LIMIT, 200), 429]);
  });
});

describe.skipIf(skip)('`cited serve` processes sharing one Redis', () => {
  let redis: RedisServer;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const child of children) child.kill();
    await redis?.kill();
  });

  it('hold one limit, a `--workers 2` cluster and a single process together', async () => {
    const env = { CITED_REDIS_URL: redis.url, CITED_RATE_LIMIT: String(RATE_LIMIT), CITED_API_KEYS: 'k-cli' };
    const cluster = spawnServe(BIN, ['--workers', '2'], env);
    const single = spawnServe(BIN, [], env);
    children.push(cluster.child, single.child);
    const urls = await Promise.all([servedUrl(cluster, /ready:/, 2), servedUrl(single, /ready:/)]);
    for (const s of [cluster, single]) await connectedToRedis(s.log, redis);

    const replies: LimitedReply[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) replies.push(await searchOnce(urls[i % 2], bearer('k-cli')));
    expect(statuses(replies)).toEqual([...times(RATE_LIMIT, 200), 429]);
    expect(Number(replies[RATE_LIMIT].retryAfter)).toBeGreaterThan(0);
    // The URL may hold a password: it is never printed.
    for (const s of [cluster, single]) expect(s.log()).not.toContain(redis.url);
  });
});
