import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { searchOnce as search, servedUrl, spawnServe } from '../helpers/served-cli.js';
import type { LimitedReply as Reply } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');
const WORKERS = 2;
/** The limit under test: two, so that workers counting on their own would let through twice as many (four). */
const RATE_LIMIT = 2;
/** Requests sent in the test's minute: more than every worker's allowance together. */
const REQUESTS = 8;

async function inTurn(n: number, send: () => Promise<Reply>): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let i = 0; i < n; i++) replies.push(await send());
  return replies;
}

describe('the rate limit with `serve --workers N` (no Redis)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('is counted once, in the primary: a client gets CITED_RATE_LIMIT a minute in all, not N times it', async () => {
    const served = spawnServe(BIN, ['--workers', String(WORKERS)], { CITED_RATE_LIMIT: String(RATE_LIMIT) });
    child = served.child;
    const url = await servedUrl(served, /ready:/, WORKERS);

    const answers = await inTurn(REQUESTS, () => search(url));
    expect(answers.map((a) => a.status)).toEqual([
      ...Array<number>(RATE_LIMIT).fill(200),
      ...Array<number>(REQUESTS - RATE_LIMIT).fill(429),
    ]);
    for (const refused of answers.slice(RATE_LIMIT)) expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(new Set(answers.map((a) => a.limit))).toEqual(new Set([String(RATE_LIMIT)]));
  });

  it('counts wrong API keys once for all workers too', async () => {
    const env = { CITED_RATE_LIMIT: String(RATE_LIMIT), CITED_API_KEYS: 'right-key' };
    const served = spawnServe(BIN, ['--workers', String(WORKERS)], env);
    child = served.child;
    const url = await servedUrl(served, /ready:/, WORKERS);

    const guesses = await inTurn(REQUESTS, () => search(url, { authorization: 'Bearer wrong-key' }));
    // Spread over both workers, the guesses past the limit are refused before their key is even compared.
    expect(guesses.map((g) => g.status)).toEqual([
      ...Array<number>(RATE_LIMIT).fill(401),
      ...Array<number>(REQUESTS - RATE_LIMIT).fill(429),
    ]);
  });
});
