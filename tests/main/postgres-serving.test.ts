import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';
import { describeEachEngine, itNeeding } from '../helpers/postgres-engines.js';
import type { PostgresServer } from '../helpers/postgres-server.js';
import { startTestServer } from '../helpers/server.js';

/** How often the servers here look for a new active version, so a few looks fit in a short wait. */
const WATCH_MS = 50;
/** The most a test waits for something asynchronous to happen: generous for a shared machine. */
const WAIT_MS = 30_000;

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ask = (server: RunningServer, question: string) =>
  fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });

describeEachEngine('cited serve on the PostgreSQL store', (engine) => {
  let pg: PostgresServer;
  let corpus: string;
  const servers: RunningServer[] = [];
  const indexDirs: string[] = [];
  const serve = async () => {
    indexDirs.push(tempDir());
    const server = await startTestServer(
      { CITED_STORE: pg.url, CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDirs.at(-1)! },
      { watchIntervalMs: WATCH_MS },
    );
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    pg = await engine.start();
    corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874. Its keeper wrote a book about the storms.' });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await pg.close();
  });

  it('answers from the store, and keeps no index files', async () => {
    const server = await serve();
    const res = await ask(server, 'When was the lighthouse built?');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answer: string }).answer).toContain('1874');
    expect(readdirSync(indexDirs[0])).toEqual([]);
  });

  itNeeding(engine, 'outages')(
    'a database outage is a 503 with Retry-After, and it answers again once the database is back',
    async () => {
      const server = servers[0] ?? (await serve());
      await pg.stop();
      try {
        const res = await ask(server, 'When was the lighthouse built?');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
      } finally {
        await pg.start();
      }
      await until('an answer after the database came back', async () => (await ask(server, 'lighthouse?')).ok);
      const res = await ask(server, 'When was the lighthouse built?');
      expect(((await res.json()) as { answer: string }).answer).toContain('1874');
    },
  );

  it('another serving process picks up the version a re-ingest made live, without a restart', async () => {
    const first = servers[0] ?? (await serve());
    const second = await serve();
    expect(second.runtime.index().document('ferry')).toBeUndefined();
    writeFileSync(join(corpus, 'ferry.txt'), 'The ferry to the island leaves the harbour at noon.');
    await first.reingest();
    await until('the second server to load the new version', () => !!second.runtime.index().document('ferry'));
    const res = await ask(second, 'When does the ferry leave?');
    expect(((await res.json()) as { answer: string }).answer).toContain('noon');
  });
});

describe('without CITED_STORE', () => {
  it('never loads the PostgreSQL client (pg); the control shows the check sees it once it is loaded', async () => {
    const script = [
      "import { createRequire } from 'node:module';",
      "import { loadConfig } from './src/config.ts';",
      "import { Runtime } from './src/main/index.ts';",
      'const [corpus, indexDir] = process.argv.slice(1);',
      "const config = loadConfig({ CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDir, CITED_LLM: 'extractive' });",
      'const rt = Runtime.create(config);',
      'await rt.ensureIndex();',
      "await rt.answers.ask({ question: 'When was the lighthouse built?' });",
      'const cache = () => Object.keys(createRequire(import.meta.url).cache);',
      'const loaded = () => cache().some((k) => /node_modules\\/pg\\//.test(k));',
      'const before = loaded();',
      "await import('pg');",
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    const dir = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, dir, tempDir()],
      { cwd: REPO },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  });
});
