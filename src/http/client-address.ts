import { BlockList } from 'node:net';
import { addRule, canonicalIp, familyOf } from '../trust-proxy.js';
import type { TrustProxy } from '../trust-proxy.js';

/**
 * How much of X-Forwarded-For we read, from its right end: the entries our own proxies appended are there, and
 * the most we ever need is MAX_PROXY_HOPS of them (32 × a 45-character IPv6 address with a port and a separator is
 * under 2 KiB). Whatever a client put further left — padding included — is never parsed, never keys a table, and
 * cannot push the entries our proxies appended out of reach.
 */
export const MAX_FORWARDED_TAIL = 2048;

/** An entry as proxies write it, with a port: `1.2.3.4:5678` or `[2001:db8::1]:80` (or `[2001:db8::1]`). */
const V4_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const V6_BRACKETS = /^\[([^\]]+)\](?::\d{1,5})?$/;

/** A forwarded entry as a canonical IP, its port dropped; undefined when it is not an address. */
function entryIp(raw: string): string | undefined {
  const text = raw.trim();
  const bare = V4_PORT.exec(text)?.[1] ?? V6_BRACKETS.exec(text)?.[1] ?? text;
  return canonicalIp(bare);
}

/** The rightmost entries of X-Forwarded-For, within MAX_FORWARDED_TAIL; a partial leftmost entry is dropped. */
function rightmostEntries(forwarded: string): string[] {
  if (forwarded.length <= MAX_FORWARDED_TAIL) return forwarded.split(',');
  const tail = forwarded.slice(-MAX_FORWARDED_TAIL);
  return tail.slice(tail.indexOf(',') + 1).split(',');
}

/** The key used when there is no socket at all (app.request() in tests). */
const NO_SOCKET = 'unknown';

/** The socket address and X-Forwarded-For of one request, as the resolver needs them. */
export interface PeerInfo {
  socket: string | undefined;
  forwarded: string | undefined;
}

/**
 * Builds the function that names a request's client. The answer is always a canonical IP address (or
 * "unknown" without a socket), so per-client tables are keyed by at most 45 characters, whatever the headers say.
 */
export function clientResolver(trust: TrustProxy): (peer: PeerInfo) => string {
  if (trust.mode === 'off') return ({ socket }) => canonicalIp(socket ?? '') ?? NO_SOCKET;
  const trusted = new BlockList();
  if (trust.mode === 'list') for (const p of trust.proxies) addRule(trusted, p);
  const isTrusted = (ip: string) => trusted.check(ip, familyOf(ip));
  return ({ socket, forwarded }) => {
    const self = canonicalIp(socket ?? '') ?? NO_SOCKET;
    if (!forwarded) return self;
    const entries = rightmostEntries(forwarded);
    if (trust.mode === 'hops') {
      // The socket is hop 1, the rightmost entry hop 2, …; a chain shorter than that did not come through our
      // proxies, so only the socket can be believed.
      const picked = entries[entries.length - trust.hops];
      return (picked !== undefined && entryIp(picked)) || self;
    }
    if (self === NO_SOCKET || !isTrusted(self)) return self;
    let client = self;
    for (let i = entries.length - 1; i >= 0; i--) {
      const ip = entryIp(entries[i]);
      if (!ip) return self;
      client = ip;
      if (!isTrusted(ip)) return ip;
    }
    return client; // every hop is a proxy of ours: the leftmost is as far back as anyone can say
  };
}
