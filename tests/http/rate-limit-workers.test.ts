import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { servedUrl, spawnServe } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');
const WORKERS = 2;
/** Requests sent in the test's minute: more than every worker's allowance together. */
const REQUESTS = 8;

/** One POST on a connection of its own, so the cluster's round robin hands each request to the next worker. */
function search(url: string): Promise<{ status: number; limit: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/search`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, limit: res.headers['ratelimit-limit'] as string }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: 'lighthouse' }));
  });
}

describe('the rate limit with `serve --workers N`', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('is counted by each worker on its own: a client gets N × CITED_RATE_LIMIT a minute', async () => {
    const served = spawnServe(BIN, ['--workers', String(WORKERS)], { CITED_RATE_LIMIT: '1' });
    child = served.child;
    const url = await servedUrl(served, /ready:/, WORKERS);

    const answers = [];
    for (let i = 0; i < REQUESTS; i++) answers.push(await search(url));
    // Each worker lets one request through, then answers 429: two in all, not the one CITED_RATE_LIMIT says.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(WORKERS * 1);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(REQUESTS - WORKERS);
    // Every response states the limit its worker enforces.
    expect(new Set(answers.map((a) => a.limit))).toEqual(new Set(['1']));
  });
});
