import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { startTestServer } from '../helpers/server.js';

const LIMIT = 5;

/** Servers that trust a proxy in different ways, each with a rate limit of LIMIT a minute and one API key. */
describe.each([
  ['true (one hop, as before)', 'true'],
  ['a hop count', '1'],
  ['a proxy list', '127.0.0.0/8, ::1'],
  ['off', 'false'],
])('CITED_TRUST_PROXY=%s against a client that forges X-Forwarded-For', (_name, value) => {
  let open: RunningServer; // limits by client address
  let keyed: RunningServer; // limits wrong keys by client address
  beforeAll(async () => {
    open = await startTestServer({ CITED_TRUST_PROXY: value, CITED_RATE_LIMIT: String(LIMIT) });
    const env = { CITED_TRUST_PROXY: value, CITED_RATE_LIMIT: String(LIMIT) };
    keyed = await startTestServer({ ...env, CITED_API_KEYS: 'right-key' });
  });
  afterAll(() => Promise.all([open.close(), keyed.close()]));

  const search = (server: RunningServer, forwarded: string, key?: string) =>
    fetch(`${server.url}/api/search`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': forwarded,
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: '{"query":"Hama"}',
    });

  it('leftmost entries the client made up do not make it a new client: 429 past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) {
      const res = await search(open, `10.${i}.0.1, 198.51.100.${i}, 203.0.113.7`);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
  });

  it('wrong keys with ever-changing long X-Forwarded-For values get 429 and Retry-After, not 401 forever', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 2 * LIMIT; i++) {
      const res = await search(keyed, `${i}-${'y'.repeat(12_000)}`, `guess-${i}`);
      statuses.push(res.status);
      retryAfter ??= res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
