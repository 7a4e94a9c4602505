import { describe, expect, it } from 'vitest';
import { CLIENT_TABLE_BYTES, windowTable } from '../../src/http/window-counter.js';
import { articleRuntime } from '../helpers/runtime.js';
import { appFor } from './helpers.js';

describe('per-client tables', () => {
  it('are bounded by bytes: unique clients past the bound evict the least recently seen, never grow the table', () => {
    const table = windowTable();
    const longest = `ip:${'ffff:'.repeat(7)}ffff`; // the longest canonical address a key can hold
    const clients = 100_000;
    for (let i = 0; i < clients; i++) table.set(`${longest}${i}`, { count: 1, resetAt: 0 });
    expect(table.calculatedSize).toBeLessThanOrEqual(CLIENT_TABLE_BYTES);
    expect(table.size).toBeLessThan(clients);
    expect(table.has(`${longest}${clients - 1}`)).toBe(true);
    expect(table.has(`${longest}0`)).toBe(false);
  });
});

describe('metrics labels', () => {
  it('stay a fixed set whatever paths, methods and keys requests carry', async () => {
    const rt = await articleRuntime();
    const { app, metrics } = appFor(rt, { security: { apiKeys: ['k'], rateLimit: 3 } });
    const series = async () =>
      (await metrics.text()).body.split('\n').filter((l) => l.startsWith('cited_http_requests_total{')).length;
    // app.request may answer synchronously; as a promise every time, the requests can be awaited together.
    const request = async (...args: Parameters<typeof app.request>) => app.request(...args);
    const send = (i: number) => [
      request(`/nothing-${i}-${'z'.repeat(500)}`),
      request(`/api/documents/${i}`, { headers: { authorization: `Bearer guess-${i}` } }),
      request(`/api/unknown-${i}`, { method: 'POST', headers: { authorization: `Bearer guess-${i}` } }),
      request(`/v1/x-${i}`, { method: ['GET', 'PUT', 'DELETE', 'PATCH'][i % 4] }),
    ];
    for (let i = 0; i < 50; i++) await Promise.all(send(i));
    const after50 = await series();
    for (let i = 50; i < 500; i++) await Promise.all(send(i));
    expect(await series()).toBe(after50);
  });
});
