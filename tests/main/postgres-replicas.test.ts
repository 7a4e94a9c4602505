import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embeddings/index.js';
import { PostgresStore } from '../../src/index/index.js';
import { ingestInto } from '../../src/ingest/index.js';
import type { RunningServer } from '../../src/main/index.js';
import { tempDir, wordVectors } from '../helpers/fixtures.js';
import { describeEachEngine } from '../helpers/postgres-engines.js';
import type { PostgresServer } from '../helpers/postgres-server.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Replicas on other machines than the corpus. Two machines' folders at one path are simulated on one machine: the
 * writer's folder is moved aside and another folder, with other files, made at the same path (another copy, as a
 * second machine's disk would hold), or none at all (a replica with no corpus).
 */

const ADMIN = 'admin-key-1';
const LIGHTHOUSE = 'The lighthouse was built in 1874. Its keeper wrote a book about the storms.';
const FERRY = 'The ferry to the island leaves the harbour at noon.';

let database: PostgresServer;
let store: PostgresStore;
let base: string;
let corpus: string;
const servers: RunningServer[] = [];

async function serve(logs: string[] = []): Promise<RunningServer> {
  const server = await startTestServer(
    { CITED_STORE: database.url, CITED_CORPUS_DIR: corpus, CITED_ADMIN_KEYS: ADMIN },
    { log: (m) => logs.push(m) },
  );
  servers.push(server);
  return server;
}

const answer = async (server: RunningServer, question: string) => {
  const res = await fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return ((await res.json()) as { answer: string }).answer;
};

const upload = (server: RunningServer, name: string, text: string) => {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return fetch(`${server.url}/api/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
    body: form,
  });
};

/** The writer's corpus: ingested into the store from its folder, as `cited ingest` does. */
async function writerIngests(): Promise<number> {
  const report = await ingestInto(store, { roots: [corpus], embedder: new LocalEmbeddings(wordVectors()) });
  return Number(report.dir);
}

/** A new folder at the corpus path holding `files` (none: no folder), whatever was there moved aside. */
function folderAtPath(files?: Record<string, string>): void {
  if (existsSync(corpus)) renameSync(corpus, join(base, `moved-${readdirSync(base).length}`));
  if (!files) return;
  mkdirSync(corpus);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(corpus, name), text);
}

/** The writer's folder, ingested; then another machine's copy at the same path (`files`; none: no folder). */
async function versionFromAnotherMachine(files?: Record<string, string>): Promise<number> {
  folderAtPath({ 'home.txt': LIGHTHOUSE });
  const version = await writerIngests();
  folderAtPath(files);
  return version;
}

describeEachEngine('a replica whose machine has another copy of the corpus folder, or none', (engine) => {
  beforeAll(async () => {
    database = await engine.start();
    store = await PostgresStore.connect(database.url);
    base = tempDir();
    corpus = join(base, 'corpus');
  });
  afterAll(async () => {
    for (const s of servers.splice(0)) await s.close();
    await store.close();
    await database.close();
  });

  it('serves the active version as it is when its machine has no corpus folder', async () => {
    const version = await versionFromAnotherMachine();
    const logs: string[] = [];
    const replica = await serve(logs);
    expect(await answer(replica, 'When was the lighthouse built?')).toContain('1874');
    expect(await store.activeVersion()).toBe(version);
    expect(logs.join('\n')).toMatch(/was read from another copy of .*serving it as it is/);
  });

  it('never rebuilds the shared index from its own copy at start, nor on a re-ingest or an upload', async () => {
    const version = await versionFromAnotherMachine({ 'ferry.txt': FERRY });
    const replica = await serve();
    // Its own copy holds only the ferry: had it re-ingested, every replica would have lost the lighthouse.
    expect(await answer(replica, 'When was the lighthouse built?')).toContain('1874');
    await expect(replica.reingest()).rejects.toMatchObject({ code: 'CORPUS_MISMATCH' });
    const res = await upload(replica, 'harbour.txt', 'The harbour master is Ann Reid.');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'CORPUS_MISMATCH' } });
    expect(readdirSync(corpus)).toEqual(['ferry.txt']);
    expect(await store.activeVersion()).toBe(version);
  });

  it("a version written before sources were recorded is taken as its machine's own, as before", async () => {
    await versionFromAnotherMachine({ 'ferry.txt': FERRY });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('UPDATE index_versions SET source = NULL');
    await client.end();
    const replica = await serve();
    // No source to compare: the start refreshes the index from the folder it sees, as cited did before sources.
    expect(await answer(replica, 'When does the ferry leave?')).toContain('noon');
  });

  it('the machine whose folder the version was read from still uploads, and serves the result', async () => {
    folderAtPath({ 'home.txt': LIGHTHOUSE });
    const version = await writerIngests();
    const writer = await serve();
    const res = await upload(writer, 'ferry.txt', FERRY);
    expect(res.status).toBe(201);
    expect(await store.activeVersion()).toBeGreaterThan(version);
    expect(await answer(writer, 'When does the ferry leave?')).toContain('noon');
  });
});
