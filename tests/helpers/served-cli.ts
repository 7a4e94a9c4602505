import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { corpusOf, tempDir } from './fixtures.js';

/** How long a served child (and its workers) may take to start: generous for a shared CI machine. */
const START_MS = 30_000;

export interface ServedCli {
  child: ChildProcess;
  /** Everything the server (and its workers) wrote on stderr so far. */
  log: () => string;
}

/**
 * `node <bin> serve …` in its own process on a free loopback port, over a one-document corpus and an index of its
 * own, offline; `env` adds or overrides settings.
 */
export function spawnServe(bin: string, args: string[] = [], env: Record<string, string> = {}): ServedCli {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CITED_CORPUS_DIR: corpusOf({ 'one.txt': 'The lighthouse was built in 1874.' }),
      CITED_INDEX_DIR: tempDir(),
      CITED_LLM: 'extractive',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return { child, log: () => log };
}

/** Waits until the log says `pattern` `times` times (one line per worker), and returns the URL it listens on. */
export async function servedUrl(served: ServedCli, pattern: RegExp, times = 1): Promise<string> {
  const deadline = Date.now() + START_MS;
  const global = new RegExp(pattern.source, 'g');
  while ((served.log().match(global) ?? []).length < times) {
    if (Date.now() > deadline) throw new Error(`the server did not start; its log:\n${served.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return /listening on (http:\/\/\S+)/.exec(served.log())![1];
}

export interface LimitedReply {
  status: number;
  limit: string | undefined;
  remaining: string | undefined;
  retryAfter: string | undefined;
}

/**
 * One POST /api/search on a connection of its own, so that a `--workers` cluster's round robin hands each request
 * to the next worker; the status and the rate-limit headers of the reply.
 */
export function searchOnce(url: string, headers: Record<string, string> = {}): Promise<LimitedReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/search`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            limit: res.headers['ratelimit-limit']?.toString(),
            remaining: res.headers['ratelimit-remaining']?.toString(),
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: 'lighthouse' }));
  });
}
