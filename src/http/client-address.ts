import { BlockList, isIP } from 'node:net';

/**
 * Which X-Forwarded-For entries to believe:
 * - `off`: none; the client is the socket address;
 * - `hops`: N appending proxies stand in front of us; the client is N hops back, the socket address being the
 *   nearest hop (so with one nginx, the entry nginx appended — never the ones the client sent itself);
 * - `list`: the proxies' addresses or CIDRs; walking from the socket leftwards, the first address that is not one
 *   of them is the client.
 */
export type TrustProxy = { mode: 'off' } | { mode: 'hops'; hops: number } | { mode: 'list'; proxies: string[] };

export const TRUST_NOTHING: TrustProxy = { mode: 'off' };

/**
 * The longest X-Forwarded-For we parse. A real chain is a handful of addresses (an IPv6 address is at most 45
 * characters); 1 KiB holds about twenty IPv6 hops. A longer header was padded by the client, so we fall back to
 * the socket address rather than parse (and key tables by) whatever it holds.
 */
export const MAX_FORWARDED_LENGTH = 1024;

/** More proxies than anyone chains; a larger count is a typo, not a deployment. */
export const MAX_PROXY_HOPS = 32;

/** The key used when there is no socket at all (app.request() in tests). */
const NO_SOCKET = 'unknown';

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One spelling per address, so that `::1`, `0:0:0:0:0:0:0:1` and `::ffff:127.0.0.1` (IPv4-mapped, as a
 * dual-stack socket reports IPv4 peers) are not three clients; undefined when it is not an IP address.
 */
export function canonicalIp(raw: string): string | undefined {
  const text = raw.trim();
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return undefined;
  let v6: string;
  try {
    // The WHATWG URL parser is the built-in that compresses IPv6 to its canonical form (RFC 5952).
    v6 = new URL(`http://[${text.split('%')[0]}]`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const dotted = MAPPED_DOTTED.exec(v6);
  if (dotted) return dotted[1];
  const hex = MAPPED_HEX.exec(v6);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return v6;
}

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 4 ? 'ipv4' : 'ipv6');

/** Adds a proxy list entry, `addr` or `addr/prefix`, as a BlockList rule; false when it is neither. */
function addRule(list: BlockList, entry: string): boolean {
  const [addr, prefix, ...rest] = entry.trim().split('/');
  const ip = canonicalIp(addr ?? '');
  if (!ip || rest.length) return false;
  const family = familyOf(ip);
  if (prefix === undefined) {
    list.addAddress(ip, family);
    return true;
  }
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128))) return false;
  list.addSubnet(ip, bits, family);
  return true;
}

/**
 * Reads CITED_TRUST_PROXY: empty/`false`/`0` → off; `true` → one hop; a count N ≥ 1 → N hops; otherwise a comma
 * list of proxy addresses or CIDRs. Returns an error message (naming the bad entry) instead of throwing.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const v = (value ?? '').trim();
  if (v === '' || /^(false|0)$/i.test(v)) return TRUST_NOTHING;
  if (/^true$/i.test(v)) return { mode: 'hops', hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= MAX_PROXY_HOPS ? { mode: 'hops', hops } : `a hop count is at most ${MAX_PROXY_HOPS}`;
  }
  const proxies = v.split(',').map((x) => x.trim()).filter(Boolean);
  const probe = new BlockList();
  const bad = proxies.find((p) => !addRule(probe, p));
  if (bad !== undefined || proxies.length === 0) {
    const what = JSON.stringify(bad ?? v);
    return `expected false, true, a hop count, or a comma list of proxy addresses/CIDRs; ${what} is none of these`;
  }
  return { mode: 'list', proxies };
}

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
