import { describe, expect, it } from 'vitest';
import { MAX_FORWARDED_TAIL, clientResolver } from '../../src/http/client-address.js';
import { canonicalIp, parseTrustProxy } from '../../src/trust-proxy.js';
import type { TrustProxy } from '../../src/trust-proxy.js';

const trust = (value: string): TrustProxy => {
  const t = parseTrustProxy(value);
  if (typeof t === 'string') throw new Error(t);
  return t;
};
const client = (value: string, socket: string | undefined, forwarded?: string) =>
  clientResolver(trust(value))({ socket, forwarded });

describe('which address is the client', () => {
  it('off: the socket address, whatever X-Forwarded-For says', () => {
    for (const off of ['', 'false', '0', 'FALSE']) expect(client(off, '203.0.113.9', '1.1.1.1')).toBe('203.0.113.9');
  });

  it('one hop (nginx appends): the entry nginx wrote, never the leftmost ones the client sent', () => {
    expect(client('1', '10.0.0.2', '6.6.6.6, 7.7.7.7, 198.51.100.4')).toBe('198.51.100.4');
    expect(client('1', '10.0.0.2', '198.51.100.4')).toBe('198.51.100.4');
  });

  it('`true` means one hop, as it always meant one proxy', () => {
    expect(parseTrustProxy('true')).toEqual({ mode: 'hops', hops: 1 });
    expect(client('true', '10.0.0.2', '6.6.6.6, 198.51.100.4')).toBe('198.51.100.4');
  });

  it('N hops: N back from the socket, and the socket when the chain is shorter than our proxies', () => {
    // client → CDN (appends client) → nginx (appends CDN) → us
    expect(client('2', '10.0.0.2', '6.6.6.6, 198.51.100.4, 192.0.2.10')).toBe('198.51.100.4');
    expect(client('3', '10.0.0.2', '6.6.6.6, 198.51.100.4, 192.0.2.10')).toBe('6.6.6.6');
    expect(client('3', '10.0.0.2', '192.0.2.10')).toBe('10.0.0.2');
  });

  it('a proxy list: walk from the socket past trusted proxies; the first untrusted address is the client', () => {
    const list = '127.0.0.1, 10.0.0.0/8, ::1';
    expect(client(list, '10.1.2.3', '6.6.6.6, 198.51.100.4, 10.9.9.9')).toBe('198.51.100.4');
    expect(client(list, '::ffff:127.0.0.1', '6.6.6.6, 198.51.100.4')).toBe('198.51.100.4');
    expect(client(list, '::1', '2001:db8::7')).toBe('2001:db8::7');
  });

  it('a proxy list: a socket that is not a listed proxy is the client, and its header is ignored', () => {
    expect(client('10.0.0.0/8', '203.0.113.9', '198.51.100.4')).toBe('203.0.113.9');
  });

  it('a proxy list where every hop is ours: the leftmost is as far back as anyone knows', () => {
    expect(client('10.0.0.0/8', '10.0.0.1', '10.0.0.7, 10.0.0.3')).toBe('10.0.0.7');
  });

  it.each([
    ['a hostname', 'evil.example'],
    ['a port without an address', ':5555'],
    ['brackets around a non-address', '[evil.example]:80'],
    ['junk', 'x'.repeat(200)],
    ['an empty entry', ''],
    ['a made-up dotted quad', '300.1.1.1'],
  ])('an invalid entry (%s) where the client should be falls back to the socket', (_name, bad) => {
    expect(client('1', '10.0.0.2', `1.1.1.1, ${bad}`)).toBe('10.0.0.2');
    expect(client('10.0.0.0/8', '10.0.0.2', `1.1.1.1, ${bad}`)).toBe('10.0.0.2');
  });

  it('an invalid entry to the left of the client does not matter', () => {
    expect(client('1', '10.0.0.2', 'garbage, 198.51.100.4')).toBe('198.51.100.4');
    expect(client('10.0.0.0/8', '10.0.0.2', 'garbage, 198.51.100.4')).toBe('198.51.100.4');
  });

  it('padding to the left cannot move the client out of reach: only the rightmost entries are read', () => {
    const junk = 'a'.repeat(MAX_FORWARDED_TAIL * 8);
    // One nginx appends the real client (198.51.100.4) after whatever the client sent, however long.
    expect(client('1', '10.0.0.2', `${junk}, 198.51.100.4`)).toBe('198.51.100.4');
    expect(client('10.0.0.0/8', '10.0.0.2', `${junk}, 198.51.100.4, 10.0.0.7`)).toBe('198.51.100.4');
    const padded = `${'1.1.1.1, '.repeat(Math.ceil(MAX_FORWARDED_TAIL / 4))}198.51.100.4`;
    expect(client('1', '10.0.0.2', padded)).toBe('198.51.100.4');
    expect(client('2', '10.0.0.2', padded)).toBe('1.1.1.1');
    // A chain of nothing but padding names no client: the socket.
    expect(client('1', '10.0.0.2', junk)).toBe('10.0.0.2');
  });

  it.each([
    ['IPv4 with a port', '198.51.100.4:51234', '198.51.100.4'],
    ['IPv6 in brackets', '[2001:db8::1]', '2001:db8::1'],
    ['IPv6 in brackets with a port', '[2001:DB8::1]:443', '2001:db8::1'],
  ])('an entry written with a port by a proxy (%s) is its address', (_name, entry, ip) => {
    expect(client('1', '10.0.0.2', entry)).toBe(ip);
    expect(client('10.0.0.0/8', '10.0.0.2', `${entry}, 10.0.0.9:80`)).toBe(ip);
  });

  it('IPv6 spellings of one address are one client; IPv4-mapped IPv6 is the IPv4 address', () => {
    expect(client('1', '::1', ' 2001:DB8:0:0:0:0:0:1 ')).toBe('2001:db8::1');
    expect(client('1', '::1', '::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(client('0', '::ffff:127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(canonicalIp('::ffff:c633:6404')).toBe('198.51.100.4');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalIp('not an ip')).toBeUndefined();
  });

  it('without a socket (app.request in tests) the client is "unknown" unless a hop count names one', () => {
    expect(client('0', undefined, '1.1.1.1')).toBe('unknown');
    expect(client('10.0.0.0/8', undefined, '1.1.1.1')).toBe('unknown');
    expect(client('1', undefined, '1.1.1.1')).toBe('1.1.1.1');
  });
});

describe('parseTrustProxy', () => {
  it.each([
    ['4', { mode: 'hops', hops: 4 }],
    ['127.0.0.1,10.0.0.0/8,::1', { mode: 'list', proxies: ['127.0.0.1', '10.0.0.0/8', '::1'] }],
    ['fd00::/8', { mode: 'list', proxies: ['fd00::/8'] }],
    ['0', { mode: 'off' }],
  ])('%s → %o', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  const bad = ['yes', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', 'nginx', '1.2.3', '999', '-1', '10.0.0.0/x', ','];
  it.each(bad)('rejects %j with a message', (value) => {
    expect(typeof parseTrustProxy(value)).toBe('string');
  });
});
