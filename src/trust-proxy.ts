import { BlockList, isIP } from 'node:net';

// CITED_TRUST_PROXY, read by config.ts and applied by http/client-address.ts, and the address checks both need;
// on node:net (isIP, BlockList) rather than hand-written CIDR code.

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

/** More proxies than anyone chains; a larger count is a typo, not a deployment. */
const MAX_PROXY_HOPS = 32;

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

export const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 4 ? 'ipv4' : 'ipv6');

/** Adds a proxy list entry, `addr` or `addr/prefix`, as a BlockList rule; false when it is neither. */
export function addRule(list: BlockList, entry: string): boolean {
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
  const proxies = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const probe = new BlockList();
  const bad = proxies.find((p) => !addRule(probe, p));
  if (bad !== undefined || proxies.length === 0) {
    const what = JSON.stringify(bad ?? v);
    return `expected false, true, a hop count, or a comma list of proxy addresses/CIDRs; ${what} is none of these`;
  }
  return { mode: 'list', proxies };
}
