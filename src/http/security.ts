import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { CitedError } from '../errors.js';
import type { TrustProxy } from '../trust-proxy.js';
import { clientResolver } from './client-address.js';
import { WINDOW_MS, memoryCounter, windowTable } from './window-counter.js';
import type { WindowCounter } from './window-counter.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whoever sent the request: its address, as far as the configured proxies can be believed. */
export type ClientOf = (c: Context) => string;

export function clientOf(trust: TrustProxy): ClientOf {
  const resolve = clientResolver(trust);
  return (c) => {
    let socket: string | undefined;
    try {
      socket = getConnInfo(c).remote.address;
    } catch {
      socket = undefined; // app.request() in tests has no socket
    }
    return resolve({ socket, forwarded: c.req.header('x-forwarded-for') });
  };
}

const retryAfter = (resetInMs: number) => String(Math.max(1, Math.ceil(resetInMs / 1000)));

/**
 * Bearer keys compared in constant time: both sides are hashed to equal length first, and every key is
 * compared, so neither the key's length nor which key matched shows in the timing. Keys are never logged.
 * Hand-written rather than hono/bearer-auth: that one answers a malformed header with 400 and its own bodies,
 * where every failure here is the typed UNAUTHORIZED, and it has no hook to count wrong keys per address.
 */
export function bearerAuth(keys: string[], guesses?: FailureLimit): MiddlewareHandler {
  const hashes = keys.map(digest);
  return async (c, next) => {
    await guesses?.check(c);
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let ok = false;
    if (m) {
      const given = digest(m[1]);
      for (const h of hashes) ok = timingSafeEqual(given, h) || ok;
    }
    if (!ok) {
      // Only a key that was sent is a guess: a page that sends none (the chat page before a key is set) must not
      // lock out the valid keys used from the same address.
      if (m) await guesses?.fail(c);
      c.header('WWW-Authenticate', 'Bearer');
      const why = m ? 'the API key is not valid' : 'send an API key as Authorization: Bearer <key>';
      throw new CitedError('UNAUTHORIZED', why);
    }
    c.set('clientKey', m![1]);
    await next();
  };
}

/**
 * Wrong keys count against the client's address, so keys cannot be guessed at full speed: past `perMinute`
 * failures in a minute, that address gets 429 until the minute is over.
 */
export class FailureLimit {
  constructor(
    private readonly perMinute: number,
    private readonly client: ClientOf,
    private readonly failures: WindowCounter = memoryCounter(),
  ) {}

  async check(c: Context): Promise<void> {
    if (this.perMinute <= 0) return;
    const w = await this.failures.peek(this.client(c));
    if (w && w.count >= this.perMinute) {
      c.header('Retry-After', retryAfter(w.resetInMs));
      throw new CitedError('RATE_LIMITED', 'too many requests with a wrong API key; retry later');
    }
  }

  async fail(c: Context): Promise<void> {
    if (this.perMinute <= 0) return;
    await this.failures.hit(this.client(c));
  }
}

export interface RateLimitOptions {
  perMinute: number;
  client: ClientOf;
  /** Where the windows are kept: this process's own table when not given. */
  counter?: WindowCounter;
}

/**
 * A fixed one-minute window per API key (or per client address without keys); 429 with Retry-After past it.
 * Hand-written over a WindowCounter: Hono ships no rate limiter, and the default needs no package. Where the
 * windows live decides who shares them: this process, the `serve --workers` primary or Redis
 * (src/main/shared-limits.ts).
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const windows = opts.counter ?? memoryCounter();
  return async (c, next) => {
    if (opts.perMinute <= 0) return next();
    const apiKey = c.get('clientKey') as string | undefined;
    const key = apiKey ? `key:${digest(apiKey).toString('hex')}` : `ip:${opts.client(c)}`;
    const w = await windows.hit(key);
    c.header('RateLimit-Limit', String(opts.perMinute));
    c.header('RateLimit-Remaining', String(Math.max(0, opts.perMinute - w.count)));
    if (w.count > opts.perMinute) {
      c.header('Retry-After', retryAfter(w.resetInMs));
      throw new CitedError('RATE_LIMITED', `more than ${opts.perMinute} requests a minute; retry later`);
    }
    await next();
  };
}

/**
 * A browser on another site may call the API only from an origin in CITED_CORS_ORIGINS. Without this guard such a
 * request got a bare 404 or 204 preflight with no CORS headers, which the widget could only report as "couldn't reach
 * the server", and nothing on the server said why. Now it is a 403 ORIGIN_NOT_ALLOWED, logged once a minute per
 * origin (so a busy page cannot flood the log). The denial echoes the origin in Access-Control-Allow-Origin: it holds
 * only the error, no data, and that is the one way the page's script can read why it was refused.
 *
 * Same-origin requests carry an Origin too (a POST always does): the browser's `Sec-Fetch-Site: same-origin` says
 * so even behind a proxy that rewrites Host; a browser without Fetch Metadata is compared with the request's own
 * origin.
 */
export function originGuard(allowed: readonly string[], log: (message: string) => void): MiddlewareHandler {
  const logged = windowTable();
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || allowed.includes(origin) || sameOrigin(c, origin)) return next();
    const t = Date.now();
    const seen = logged.get(origin);
    if (!seen || seen.resetAt <= t) {
      logged.set(origin, { count: 1, resetAt: t + WINDOW_MS });
      const shown = JSON.stringify(origin.slice(0, 200));
      log(`${c.req.method} ${c.req.path.slice(0, 200)}: origin ${shown} is not allowed (CITED_CORS_ORIGINS)`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    throw new CitedError('ORIGIN_NOT_ALLOWED', `this site (${origin.slice(0, 200)}) is not allowed to use this API`);
  };
}

function sameOrigin(c: Context, origin: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  return origin === new URL(c.req.url).origin;
}
