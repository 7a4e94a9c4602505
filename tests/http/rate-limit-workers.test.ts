import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

const BIN = join(REPO, 'bin', 'cited.js');
/** How long the primary and its workers may take to start: generous for a shared CI machine. */
const WAIT_MS = 30_000;
const WORKERS = 2;
/** Requests sent in the test's minute: more than every worker's allowance together. */
const REQUESTS = 8;

/** `cited serve --workers N` in its own process, with its (and its workers') log collected. */
function serveWorkers(workers: number, rateLimit: number) {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CITED_CORPUS_DIR: corpusOf({ 'one.txt': 'The lighthouse was built in 1874.' }),
    CITED_INDEX_DIR: tempDir(),
    CITED_LLM: 'extractive',
    CITED_RATE_LIMIT: String(rateLimit),
  };
  const child = spawn(process.execPath, [BIN, 'serve', '--workers', String(workers)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return { child, log: () => log };
}

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
    const server = serveWorkers(WORKERS, 1);
    child = server.child;
    const deadline = Date.now() + WAIT_MS;
    while ((server.log().match(/ready:/g) ?? []).length < WORKERS) {
      if (Date.now() > deadline) throw new Error(`the workers did not start; log:\n${server.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /listening on (http:\/\/\S+)/.exec(server.log())![1];

    const answers = [];
    for (let i = 0; i < REQUESTS; i++) answers.push(await search(url));
    // Each worker lets one request through, then answers 429: two in all, not the one CITED_RATE_LIMIT says.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(WORKERS * 1);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(REQUESTS - WORKERS);
    // Every response states the limit its worker enforces.
    expect(new Set(answers.map((a) => a.limit))).toEqual(new Set(['1']));
  });
});
