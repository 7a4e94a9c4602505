import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'limit-packages.ts');

/** What a server in a fresh process loaded, after answering one rate-limited request. */
async function loadedBy(env: Record<string, string>): Promise<{ status: number; limit: string; packages: string[] }> {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(env)], { cwd: REPO });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { status: number; limit: string; packages: string[] };
}

describe('the default server (one process, no CITED_REDIS_URL)', () => {
  it('rate-limits in its own memory and loads neither rate-limiter-flexible nor ioredis', async () => {
    expect(await loadedBy({})).toEqual({ status: 200, limit: '60', packages: [] });
  });

  it('loads them once Redis is configured (even unreachable: the request is still answered)', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const result = await loadedBy({ CITED_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result).toEqual({ status: 200, limit: '60', packages: ['rate-limiter-flexible', 'ioredis'] });
  });
});
