import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import type { LimitedReply, ServedCli } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');
const WORKERS = 2;
/** Three a minute: workers counting each on their own would let through twice as many (six). */
const RATE_LIMIT = 3;
/** Sent from each client: every worker's allowance together, so a limit counted per worker refuses none of them. */
const REQUESTS = WORKERS * RATE_LIMIT;
/**
 * The longest one ask may take while Redis is down. Its count never waits for Redis (nothing is queued while
 * disconnected) and at most the 200 ms command timeout if it did; the answer itself takes milliseconds; the rest is
 * room for a loaded CI machine. A count queued until the next reconnect attempt (up to a second away) or a connect
 * timeout (2 s) takes longer.
 */
const ANSWER_MS = 500;
/**
 * How long the outage lasts at least once noticed: a worker dials Redis again after 100, 200, 300… ms, and each
 * refused attempt is another 'error' event, so several of them fail within it and would each be a line if logged.
 */
const OUTAGE_MS = 1_500;
/** What a worker logs when neither Redis nor its insurance (the primary's count) answered. */
const NOT_ANSWERED = /the shared rate limit did not answer/g;
const WORKER_EXITED = /worker \d+ exited/;

const { binary, missing } = redisServerOrSkip();
/** Without redis-server the tests are skipped, except in CI, where they fail saying what to install. */
const skip = !binary && process.env.CI !== 'true';

/** A client of its own for each phase (CITED_TRUST_PROXY=1: the X-Forwarded-For entry), so each has a fresh window. */
const CLIENTS = { up: '203.0.113.1', down: '203.0.113.2', back: '203.0.113.3' };
/** Where Redis keeps a client's count of asks (rate-limiter-flexible's key under cited's prefix). */
const redisKey = (client: string) => `cited:requests:ip:${client}`;

interface Timed extends LimitedReply {
  ms: number;
}

/** `n` asks from `client`, one after the other, each on a connection of its own (so the workers take turns). */
async function ask(url: string, client: string, n: number): Promise<Timed[]> {
  const replies: Timed[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const reply = await searchOnce(url, { 'x-forwarded-for': client });
    replies.push({ ...reply, ms: performance.now() - start });
  }
  return replies;
}

const statuses = (replies: LimitedReply[]) => replies.map((r) => r.status);
const times = (n: number, status: number) => Array<number>(n).fill(status);
/** One limit for the whole cluster: the first RATE_LIMIT asks answered, the rest refused. */
const LIMITED = [...times(RATE_LIMIT, 200), ...times(REQUESTS - RATE_LIMIT, 429)];

/** SIGTERM (the primary stops its workers, then exits); resolves once it has exited, so no worker outlives the file. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

/** Every refusal says when to come back, within the minute. */
function expectRetryAfter(replies: LimitedReply[]): void {
  for (const refused of replies.filter((r) => r.status === 429)) {
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
  }
}

describe.skipIf(skip)('`cited serve --workers 2` with CITED_REDIS_URL, while Redis goes down and comes back', () => {
  let redis: RedisServer;
  let cluster: ServedCli;
  let url: string;
  const log = () => cluster.log();
  /** Lines logged before the tests: a first connect refused and made again at startup (see connectedToRedis). */
  let atStart = 0;
  const outages = () => count(log(), UNREACHABLE) - atStart;
  const backs = () => count(log(), BACK) - atStart;
  // The lines do not say which worker wrote them: WORKERS lines are one a worker (each logs an outage at most once).
  const outageLogged = () =>
    until(
      () => outages() >= WORKERS,
      () => `not every worker logged the outage:\n${log()}`,
    );
  beforeAll(async () => {
    if (!binary) throw new Error(missing);
    redis = await RedisServer.start(binary);
    const env = { CITED_REDIS_URL: redis.url, CITED_RATE_LIMIT: String(RATE_LIMIT), CITED_TRUST_PROXY: '1' };
    cluster = spawnServe(BIN, ['--workers', String(WORKERS)], env);
    url = await servedUrl(cluster, /ready:/, WORKERS);
    await connectedToRedis(log, redis);
    atStart = count(log(), UNREACHABLE);
  });
  afterAll(async () => {
    if (cluster) await stop(cluster.child);
    await redis?.kill();
  });

  it('while Redis is up: one limit for both workers, counted in Redis', async () => {
    const replies = await ask(url, CLIENTS.up, REQUESTS);
    expect(statuses(replies)).toEqual(LIMITED);
    expectRetryAfter(replies);
    // Every ask, whichever worker took it, was counted in Redis (refused ones too).
    expect(await redis.get(redisKey(CLIENTS.up))).toBe(String(REQUESTS));
  });

  it('Redis killed: asks answered at once, both workers limited together, the outage logged once each', async () => {
    await redis.kill();
    // At once, before the workers may even have noticed: nothing waits for Redis, nothing fails because of it.
    const replies = await ask(url, CLIENTS.down, REQUESTS);
    // README: each server counts in its own memory meanwhile, "its workers together": still one limit, the primary's.
    expect(statuses(replies)).toEqual(LIMITED);
    expectRetryAfter(replies);
    for (const r of replies) expect(r.ms).toBeLessThan(ANSWER_MS);

    await outageLogged();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // Still refused (the window is the primary's, not Redis's), and answered at once.
    const later = await ask(url, CLIENTS.down, WORKERS);
    expect(statuses(later)).toEqual(times(WORKERS, 429));
    for (const r of later) expect(r.ms).toBeLessThan(ANSWER_MS);
    // One line a worker for the whole outage, however many asks and reconnect attempts met it.
    expect(outages()).toBe(WORKERS);
    // The insurance (the primary's count) answered every time: nothing fell back further, no worker died.
    expect(count(log(), NOT_ANSWERED)).toBe(0);
    expect(log()).not.toMatch(WORKER_EXITED);
  });

  it('Redis back on the same port: logged once a worker, and the limit counted in Redis again', async () => {
    // A Redis back before a worker's first reconnect attempt failed is no outage to log, and none to recover from.
    await outageLogged();
    await redis.restart();
    await until(
      () => backs() >= WORKERS,
      () => `not every worker logged that Redis is back:\n${log()}`,
    );
    const replies = await ask(url, CLIENTS.back, REQUESTS);
    expect(statuses(replies)).toEqual(LIMITED);
    expectRetryAfter(replies);
    // Both workers count in the restarted (empty) Redis again, not in the primary.
    expect(await redis.get(redisKey(CLIENTS.back))).toBe(String(REQUESTS));
    expect(backs()).toBe(WORKERS);
    expect(outages()).toBe(WORKERS);
    expect(log()).not.toMatch(WORKER_EXITED);
  });
});
