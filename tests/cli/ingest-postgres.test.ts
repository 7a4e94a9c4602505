import { afterAll, beforeAll, expect, it } from 'vitest';
import { corpusOf, tempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { startPgliteServer } from '../helpers/pglite-server.js';
import type { PostgresServer } from '../helpers/postgres-server.js';

let database: PostgresServer;
beforeAll(async () => {
  database = await startPgliteServer();
});
afterAll(async () => {
  await database.close();
});

it('`cited ingest` into the PostgreSQL store names the version it made live, and never the URL', async () => {
  const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874. Its keeper wrote a book.' });
  // A password in the URL (PGlite accepts any): a report line must not carry it.
  const url = database.url.replace('postgres@', 'postgres:s3cret-pw@');
  const env = { PATH: process.env.PATH, CITED_STORE: url, CITED_INDEX_DIR: tempDir() };
  const first = await runCli(['ingest', corpus], { env });
  expect(first.stderr).not.toContain('s3cret-pw');
  expect(first.code).toBe(0);
  const version = /→ version (\d+) in the PostgreSQL store \(CITED_STORE\)$/m.exec(first.stdout)?.[1];
  expect(version).toBeDefined();
  const second = await runCli(['ingest', corpus], { env });
  expect(second.stdout).toMatch(/1 unchanged.*→ version (\d+) in the PostgreSQL store/);
  expect(Number(/→ version (\d+)/.exec(second.stdout)?.[1])).toBeGreaterThan(Number(version));
  for (const out of [first.stdout, second.stdout]) expect(out).not.toContain('s3cret-pw');
});
