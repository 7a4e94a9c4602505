import type { Redis } from 'ioredis';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { WINDOW_MS, memoryCounter } from '../http/index.js';
import type { CounterFactory, LimitName, Tally, WindowCounter } from '../http/index.js';

type Log = (message: string) => void;

/**
 * How long one Redis command may take before the request is counted locally instead. A rate-limit check is one
 * round trip, well under a millisecond on a LAN and a few across zones; 200 ms lets a busy Redis answer while a
 * stalled one adds at most that to each request, and only until its connection is dropped (below, within a second).
 */
const REDIS_COMMAND_TIMEOUT_MS = 200;
/**
 * A connection that sends nothing for this long while a command waits is dead: it is dropped and dialled again,
 * so a Redis that stops answering without closing (a frozen host) is noticed, logged and recovered from like one
 * that went away.
 */
const REDIS_SOCKET_TIMEOUT_MS = 1_000;
/** A TCP connect (or the first answer at startup) that takes longer than this is a failure, and retried. */
const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/**
 * Reconnect after 100 ms, 200 ms, … and then every second: the limits are shared again within a second of Redis
 * coming back, and one attempt a second costs nothing while it is away.
 */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_MS = 1_000;
/**
 * How long a worker waits for the primary's count. Local IPC answers in well under a millisecond; a primary that
 * has not answered in a second is gone (and cluster workers go with it), so the worker counts on its own meanwhile.
 */
const CLUSTER_TIMEOUT_MS = 1_000;
/** Every key cited writes starts with this, so one Redis can serve other applications too. */
const KEY_PREFIX = 'cited';

const WINDOW_S = WINDOW_MS / 1000;

/** The per-client limits kept outside this process, and what to let go of on shutdown. */
export interface SharedLimits {
  counters: CounterFactory;
  close: () => Promise<void>;
}

export interface SharedLimitOptions {
  /** CITED_REDIS_URL: the limits in Redis, shared by every process and machine that uses it. */
  redisUrl?: string;
  /** This process is a `serve --workers` worker: without Redis (or while it is down) the primary counts. */
  worker: boolean;
  log: Log;
}

/**
 * Where this server's limits are shared, or undefined when they are not (one process without Redis: the default
 * keeps its in-memory tables and loads neither package). rate-limiter-flexible and ioredis load here, lazily.
 */
export async function sharedLimits(opts: SharedLimitOptions): Promise<SharedLimits | undefined> {
  if (!opts.redisUrl && !opts.worker) return undefined;
  const flexible = await import('rate-limiter-flexible');
  const local = (name: LimitName, perMinute: number): RateLimiterAbstract => {
    const options = { keyPrefix: `${KEY_PREFIX}:${name}`, points: perMinute, duration: WINDOW_S };
    if (!opts.worker) return new flexible.RateLimiterMemory(options);
    return new flexible.RateLimiterCluster({ ...options, timeoutMs: CLUSTER_TIMEOUT_MS });
  };
  const report = onceUntilAnswered(opts.log);
  if (!opts.redisUrl) {
    return {
      counters: (name, perMinute) => adapt(flexible.RateLimiterRes, local(name, perMinute), report),
      close: async () => {},
    };
  }
  const redis = await connectRedis(opts.redisUrl, opts.worker, opts.log);
  const inRedis = (name: LimitName, perMinute: number) =>
    new flexible.RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${KEY_PREFIX}:${name}`,
      points: perMinute,
      duration: WINDOW_S,
      // Not connected: straight to the insurance, never into a queue that waits for a reconnect.
      rejectIfRedisNotReady: true,
      insuranceLimiter: local(name, perMinute),
    });
  return {
    counters: (name, perMinute) => adapt(flexible.RateLimiterRes, inRedis(name, perMinute), report),
    close: async () => redis.disconnect(),
  };
}

/**
 * In the `serve --workers` primary, before the workers start: the in-memory windows every worker's counter asks
 * for (rate-limiter-flexible's cluster master answers the workers' RateLimiterCluster over the cluster's IPC).
 */
export async function countForWorkers(): Promise<void> {
  const { RateLimiterClusterMaster } = await import('rate-limiter-flexible');
  // A process-wide singleton that registers itself on the cluster: nothing to keep.
  void new RateLimiterClusterMaster();
}

/**
 * A rate-limiter-flexible limiter as a WindowCounter: its refusal (a RateLimiterRes) is a count like any other.
 * Anything else it throws (the primary gone, Redis and the insurance both failing) is counted in this process,
 * so that a broken store never fails or holds up a request.
 */
function adapt(
  refusal: typeof RateLimiterRes,
  limiter: RateLimiterAbstract,
  report: (e: unknown) => void,
): WindowCounter {
  const fallback = memoryCounter();
  const settle = async (p: Promise<RateLimiterRes | null>, instead: () => Promise<Tally | undefined>) => {
    try {
      const res = await p;
      report(undefined);
      return res ? tally(res) : undefined;
    } catch (e) {
      if (e instanceof refusal) return tally(e);
      report(e);
      return instead();
    }
  };
  return {
    hit: async (key) => (await settle(limiter.consume(key), () => fallback.hit(key)))!,
    peek: (key) => settle(limiter.get(key), () => fallback.peek(key)),
  };
}

const tally = (res: RateLimiterRes): Tally => ({ count: res.consumedPoints, resetInMs: res.msBeforeNext });

/** Logs a failure once, and again only after an answer came in between: an outage is one line, not one a request. */
function onceUntilAnswered(log: Log): (e: unknown) => void {
  let failing = false;
  return (e) => {
    if (e === undefined) failing = false;
    else if (!failing) {
      failing = true;
      log(`the shared rate limit did not answer (${(e as Error).message ?? e}); counting in this process meanwhile`);
    }
  };
}

/**
 * One connection for all the limits, with every wait bounded (see the timeouts above): no command is queued while
 * disconnected, and none retried. The URL is never logged (it may hold a password). Resolves once Redis answers
 * or the first attempt failed, so a server starts either way and the limit is shared from its first request when
 * Redis is up.
 */
async function connectRedis(url: string, worker: boolean, log: Log): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
  });
  logOutages(redis, worker ? "by this machine's workers together" : 'by this process alone', log);
  const settled = new Promise<void>((resolve) => {
    const timer = setTimeout(done, REDIS_CONNECT_TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done).off('error', done);
      resolve();
    }
    redis.once('ready', done).once('error', done);
  });
  redis.connect().catch(() => {}); // reported through 'error'; ioredis keeps reconnecting
  await settled;
  return redis;
}

/** One line when Redis goes away (however many requests meet the outage), one when it is back. */
function logOutages(redis: Redis, counted: string, log: Log): void {
  let down = false;
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log(`Redis (CITED_REDIS_URL) is unreachable (${e.message}): rate limits are counted ${counted} until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log('Redis (CITED_REDIS_URL) is back: rate limits are shared through it again');
  });
}
