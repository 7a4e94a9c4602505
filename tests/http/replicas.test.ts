import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';
import { hasNginx, startNginx } from '../helpers/nginx.js';
import { RedisServer, connectedToRedis, redisServerOrSkip } from '../helpers/redis-server.js';
import type { Nginx } from '../helpers/nginx.js';
import { servedUrl, spawnServe } from '../helpers/served-cli.js';
import type { ServedCli } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');
/** Clients asking at once through nginx while a replica is killed: enough to have requests in flight on both. */
const CLIENTS = 16;
/** Asks each client sends; the kill comes after a third of them, so both replicas were serving before it. */
const ASKS_PER_CLIENT = 30;
/** How long a replica may take to notice a new index version: its CURRENT watch polls every second or so. */
const PICKUP_DEADLINE_MS = 20_000;

const ask = (url: string, question: string) =>
  fetch(`${url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });

async function searchFinds(url: string, word: string): Promise<boolean> {
  const res = await fetch(`${url}/api/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: word, k: 3 }),
  });
  const { results } = (await res.json()) as { results: { text: string }[] };
  return results.some((r) => r.text.includes(word));
}

describe.runIf(hasNginx())('two replicas behind nginx, one index folder', () => {
  const corpus = corpusOf({
    'lighthouse.txt': 'The lighthouse was built in 1874. It is 30 metres tall.',
    'harbour.txt': 'The harbour has 40 moorings. The harbour master is Ruth Calloway.',
  });
  const env = { CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: tempDir(), CITED_RATE_LIMIT: '0' };
  const replicas: ServedCli[] = [];
  const urls: string[] = [];
  let nginx: Nginx;

  beforeAll(async () => {
    // The index is built once, as a deployment's ingest step would; the replicas only load and watch it.
    execFileSync(process.execPath, [BIN, 'ingest'], { env: { ...process.env, ...env, CITED_LLM: 'extractive' } });
    for (let i = 0; i < 2; i++) replicas.push(spawnServe(BIN, [], env));
    for (const r of replicas) urls.push(await servedUrl(r, /ready:/));
    nginx = await startNginx(urls.map((u) => new URL(u).host));
  });
  afterAll(async () => {
    await nginx?.stop();
    for (const r of replicas) r.child.kill('SIGKILL');
  });

  it('a re-ingest reaches both replicas, with no restart', async () => {
    writeFileSync(join(corpus, 'ferry.txt'), 'The ferry to Holm Skerry leaves at noon from the zanthorpe slipway.');
    execFileSync(process.execPath, [BIN, 'ingest'], { env: { ...process.env, ...env, CITED_LLM: 'extractive' } });
    for (const url of urls) {
      const deadline = Date.now() + PICKUP_DEADLINE_MS;
      while (!(await searchFinds(url, 'zanthorpe'))) {
        if (Date.now() > deadline) throw new Error(`${url} did not pick up the new index version`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  it('loses no request when a replica is killed under load: nginx retries it on the other', async () => {
    const statuses: number[] = [];
    let sent = 0;
    let killed = false;
    const client = async () => {
      for (let i = 0; i < ASKS_PER_CLIENT; i++) {
        if (!killed && ++sent > (CLIENTS * ASKS_PER_CLIENT) / 3) {
          killed = true;
          replicas[0].child.kill('SIGKILL');
        }
        const res = await ask(nginx.url, 'When was the lighthouse built?');
        // A 502 from nginx is an HTML page: only a 200 is read as an Answer (and must be the right one).
        const right = res.status === 200 && ((await res.json()) as { shortAnswer?: string }).shortAnswer === '1874';
        statuses.push(right ? 200 : res.status === 200 ? -1 : res.status);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(killed).toBe(true);
    expect(replicas[0].child.killed).toBe(true);
    expect(statuses).toHaveLength(CLIENTS * ASKS_PER_CLIENT);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });
});

/** The limit for the shared-limit check: small, so its end is reached in a few requests. */
const LIMIT = 5;
const redis = redisServerOrSkip();

describe.runIf(hasNginx() && !redis.missing)('the rate limit across replicas behind nginx, kept in Redis', () => {
  const replicas: ServedCli[] = [];
  let nginx: Nginx;
  let store: RedisServer;

  beforeAll(async () => {
    store = await RedisServer.start(redis.binary!);
    const env = {
      CITED_CORPUS_DIR: corpusOf({ 'lighthouse.txt': 'The lighthouse was built in 1874.' }),
      CITED_INDEX_DIR: tempDir(),
      CITED_REDIS_URL: store.url,
      CITED_RATE_LIMIT: String(LIMIT),
      // nginx is one hop in front: the client is the address it appends, not nginx's own.
      CITED_TRUST_PROXY: '1',
    };
    execFileSync(process.execPath, [BIN, 'ingest'], { env: { ...process.env, ...env, CITED_LLM: 'extractive' } });
    for (let i = 0; i < 2; i++) replicas.push(spawnServe(BIN, [], env));
    const urls = await Promise.all(replicas.map((r) => servedUrl(r, /ready:/)));
    for (const r of replicas) await connectedToRedis(r.log, store);
    nginx = await startNginx(urls.map((u) => new URL(u).host));
  });
  afterAll(async () => {
    await nginx?.stop();
    for (const r of replicas) r.child.kill('SIGKILL');
    await store?.kill();
  });

  it('holds for a client however nginx spreads its requests over the replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await ask(nginx.url, 'When was the lighthouse built?')).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
  });
});
