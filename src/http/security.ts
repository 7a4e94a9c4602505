import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { CitedError } from '../errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer keys compared in constant time: both sides are hashed to equal length first, and every key is
 * compared, so neither the key's length nor which key matched shows in the timing. Keys are never logged.
 */
export function bearerAuth(keys: string[], guesses?: FailureLimit): MiddlewareHandler {
  const hashes = keys.map(digest);
  return async (c, next) => {
    guesses?.check(c);
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let ok = false;
    if (m) {
      const given = digest(m[1]);
      for (const h of hashes) ok = timingSafeEqual(given, h) || ok;
    }
    if (!ok) {
      guesses?.fail(c);
      c.header('WWW-Authenticate', 'Bearer');
      throw new CitedError('UNAUTHORIZED', m ? 'the API key is not valid' : 'send an API key as Authorization: Bearer <key>');
    }
    c.set('clientKey', m![1]);
    await next();
  };
}

/** The client's address; X-Forwarded-For only counts behind a proxy we were told to trust. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/**
 * Wrong keys count against the client's address, so keys cannot be guessed at full speed: past `perMinute`
 * failures in a minute, that address gets 429 until the minute is over.
 */
export class FailureLimit {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly perMinute: number, private readonly trustProxy: boolean, private readonly now: () => number = Date.now) {}

  check(c: Context): void {
    if (this.perMinute <= 0) return;
    const w = this.failures.get(clientAddress(c, this.trustProxy));
    const t = this.now();
    if (w && w.resetAt > t && w.count >= this.perMinute) {
      c.header('Retry-After', String(Math.max(1, Math.ceil((w.resetAt - t) / 1000))));
      throw new CitedError('RATE_LIMITED', 'too many requests with a wrong API key; retry later');
    }
  }

  fail(c: Context): void {
    if (this.perMinute <= 0) return;
    const key = clientAddress(c, this.trustProxy);
    const t = this.now();
    if (this.failures.size > 10_000) for (const [k, w] of this.failures) if (w.resetAt <= t) this.failures.delete(k);
    const w = this.failures.get(key);
    if (!w || w.resetAt <= t) this.failures.set(key, { count: 1, resetAt: t + 60_000 });
    else w.count++;
  }
}

export interface RateLimitOptions {
  perMinute: number;
  trustProxy: boolean;
  now?: () => number;
}

/** A fixed one-minute window per API key (or per client address without keys); 429 with Retry-After past it. */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const now = opts.now ?? Date.now;
  let sweepAt = 0;
  return async (c, next) => {
    if (opts.perMinute <= 0) return next();
    const t = now();
    if (t > sweepAt) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      sweepAt = t + 60_000;
    }
    const key = (c.get('clientKey') as string | undefined) ? `key:${digest(c.get('clientKey') as string).toString('hex')}` : `ip:${clientAddress(c, opts.trustProxy)}`;
    let w = windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + 60_000 };
      windows.set(key, w);
    }
    w.count++;
    c.header('RateLimit-Limit', String(opts.perMinute));
    c.header('RateLimit-Remaining', String(Math.max(0, opts.perMinute - w.count)));
    if (w.count > opts.perMinute) {
      c.header('Retry-After', String(Math.max(1, Math.ceil((w.resetAt - t) / 1000))));
      throw new CitedError('RATE_LIMITED', `more than ${opts.perMinute} requests a minute; retry later`);
    }
    await next();
  };
}
