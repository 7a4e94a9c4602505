import { describe, expect, it } from 'vitest';
import { CLIENT_TABLE_BYTES, windowTable } from '../../src/http/security.js';

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
