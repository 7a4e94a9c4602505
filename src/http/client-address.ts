import { BlockList } from 'node:net';
import { addRule, canonicalIp, familyOf } from '../trust-proxy.js';
import type { TrustProxy } from '../trust-proxy.js';

/**
 * The longest X-Forwarded-For we parse. A real chain is a handful of addresses (an IPv6 address is at most 45
 * characters); 1 KiB holds about twenty IPv6 hops. A longer header was padded by the client, so we fall back to
 * the socket address rather than parse (and key tables by) whatever it holds.
 */
export const MAX_FORWARDED_LENGTH = 1024;

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
    if (!forwarded || forwarded.length > MAX_FORWARDED_LENGTH) return self;
    const entries = forwarded.split(',');
    if (trust.mode === 'hops') {
      // The socket is hop 1, the rightmost entry hop 2, …; a chain shorter than that did not come through our
      // proxies, so only the socket can be believed.
      const picked = entries[entries.length - trust.hops];
      return (picked !== undefined && canonicalIp(picked)) || self;
    }
    if (self === NO_SOCKET || !isTrusted(self)) return self;
    let client = self;
    for (let i = entries.length - 1; i >= 0; i--) {
      const ip = canonicalIp(entries[i]);
      if (!ip) return self;
      client = ip;
      if (!isTrusted(ip)) return ip;
    }
    return client; // every hop is a proxy of ours: the leftmost is as far back as anyone can say
  };
}
