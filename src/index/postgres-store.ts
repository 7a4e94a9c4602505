import { CitedError } from '../errors.js';
import type { EmbedderInfo } from '../types.js';
import { sameEmbedder } from './embedder-match.js';
import { isLockTimeout, PgPool, WRITE_STATEMENT_TIMEOUT_MS } from './postgres-pool.js';
import type { PgPoolOptions, Query } from './postgres-pool.js';
import { lexemes, PostgresIndex, spansOf, vectorLiteral } from './postgres-index.js';
import type { VersionContents } from './postgres-index.js';
import { migrate } from './postgres-schema.js';
import type { IndexedDocument } from './search-index.js';
import type { LiveVersion, NewVersion, VersionTarget, WriteProgress } from './version-target.js';

/**
 * How long a version stays in the database after another was made live. Replicas poll the active version every
 * second and load a new one in seconds, and an answer already running on the old version needs its chunks until it
 * ends (at most the LLM budget, CITED_LLM_TIMEOUT_MS ≤ 10 min): ten minutes lets every replica switch and every
 * such answer finish, and a re-ingest rarely comes more often, so at most two or three versions are kept.
 */
const OLD_VERSION_GRACE_MS = 10 * 60_000;
/** Rows sent in one INSERT: about a megabyte of chunk text, few round trips, no statement too large to log. */
const WRITE_BATCH = 1_000;
/**
 * How long removing an old version waits for a lock before leaving the version for the next collect. Waiting blocks
 * no search (see `remove`), so a few seconds are cheap; a lock held longer is a long transaction (a backup, a
 * report), which the ingest that is collecting should not wait for. Below the pool's statement_timeout (10 s), which
 * would otherwise end the wait as a failure.
 */
const COLLECT_LOCK_TIMEOUT_MS = 5_000;
/** A write transaction's statements may run for minutes (see WRITE_STATEMENT_TIMEOUT_MS). */
const WRITING = { statementTimeoutMs: WRITE_STATEMENT_TIMEOUT_MS };
/**
 * Only one ingest writes (or removes an old version) at a time, whichever process runs it: any constant, the same in
 * every cited.
 */
export const WRITER_LOCK = 0x63_69_74_65_65;

export interface PostgresStoreOptions extends PgPoolOptions {
  /** OLD_VERSION_GRACE_MS unless set (tests clean up at once, or never). */
  graceMs?: number;
}

interface VersionRow {
  embedder_name: string;
  embedder_model: string;
  dims: number;
  chunker: string;
  roots: string[];
  source: string[] | null;
  chunk_count: number;
  avg_terms: number;
}

interface DocumentRow {
  id: string;
  sha256: string;
  path: string;
  body: string;
  sentences: [number, number][];
  meta: Omit<IndexedDocument, 'id' | 'sha256' | 'path' | 'text' | 'sentences'>;
}

/** The HNSW index of one version: named by it, so it is dropped with it. */
const hnswName = (version: number) => `chunks_vectors_${version}`;

/**
 * The index in PostgreSQL with pgvector: versions written whole in one transaction and made live by one statement
 * (the `active_version` row), so a reader sees the old version or the new one, never part of one.
 */
export class PostgresStore implements VersionTarget<PostgresIndex, PostgresIndex> {
  private constructor(
    private readonly pool: PgPool,
    private readonly graceMs: number,
  ) {}

  /** Connects and brings the schema up to date. */
  static async connect(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = await PgPool.open(url, opts);
    try {
      await migrate(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PostgresStore(pool, opts.graceMs ?? OLD_VERSION_GRACE_MS);
  }

  private get query(): Query {
    return this.pool.query;
  }

  /** The live version's id, undefined before the first ingest. */
  async activeVersion(): Promise<number | undefined> {
    const rows = await this.query<{ version_id: string }>('SELECT version_id FROM active_version');
    return rows[0] ? Number(rows[0].version_id) : undefined;
  }

  /** Every version still kept, oldest first. */
  async versions(): Promise<number[]> {
    return (await this.query<{ id: string }>('SELECT id FROM index_versions ORDER BY id')).map((r) => Number(r.id));
  }

  /** Loads a version: its record and documents into memory, to be searched in the database. */
  async open(id: number): Promise<PostgresIndex> {
    const [v] = await this.query<VersionRow>(
      'SELECT embedder_name, embedder_model, dims, chunker, roots, source, chunk_count, avg_terms ' +
        'FROM index_versions WHERE id = $1',
      [id],
    );
    if (!v) throw new CitedError('INDEX_MISSING', `index version ${id} is no longer in the database`);
    const docs = await this.query<DocumentRow>(
      'SELECT id, sha256, path, body, sentences, meta FROM documents WHERE version_id = $1 ORDER BY ord',
      [id],
    );
    const counts = await this.query<{ doc_id: string; n: number }>(
      'SELECT doc_id, count(*)::int AS n FROM chunks WHERE version_id = $1 GROUP BY doc_id',
      [id],
    );
    const [lengths] = await this.query<{ lengths: number[] | null }>(
      'SELECT array_agg(length(terms) ORDER BY row_no) AS lengths FROM chunks WHERE version_id = $1',
      [id],
    );
    const version: VersionContents = {
      id,
      embedder: { name: v.embedder_name, model: v.embedder_model, dims: v.dims },
      chunker: v.chunker,
      roots: v.roots,
      ...(v.source ? { source: v.source } : {}),
      terms: { chunks: v.chunk_count, averageLength: v.avg_terms },
      lengths: lengths?.lengths ?? [],
      documents: docs.map((d) => ({
        id: d.id,
        ...d.meta,
        text: d.body,
        sha256: d.sha256,
        path: d.path,
        sentences: spansOf(d.sentences),
      })),
      chunkCounts: new Map(counts.map((c) => [c.doc_id, c.n])),
    };
    return new PostgresIndex(this.query, version);
  }

  /** The live version, loaded; undefined before the first ingest. */
  async openActive(): Promise<PostgresIndex | undefined> {
    const id = await this.activeVersion();
    return id === undefined ? undefined : this.open(id);
  }

  async live(embedder: EmbedderInfo | undefined, chunker: string): Promise<LiveVersion<PostgresIndex>> {
    const index = await this.openActive();
    if (!index) return { name: null };
    const reusable =
      embedder && index.version.chunker === chunker && sameEmbedder(index.embedder, embedder) ? index : undefined;
    return { name: String(index.version.id), reusable };
  }

  /**
   * Writes the version and switches to it in one transaction: rows, the version's HNSW index, then the
   * `active_version` row in one statement. Chunks of unchanged documents copy their vectors from the base version's
   * rows. Versions retired longer ago than the grace period are removed afterwards.
   */
  async write(
    contents: NewVersion,
    from: LiveVersion<PostgresIndex>,
    progress: WriteProgress,
  ): Promise<{ index: PostgresIndex; name: string }> {
    const id = await this.pool.transaction(async (query) => {
      const [lock] = await query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [WRITER_LOCK]);
      if (!lock.ok) {
        throw new CitedError(
          'INDEX_BUSY',
          'another ingest is writing to the PostgreSQL store, or removing an old version',
        );
      }
      const [active] = await query<{ version_id: string }>('SELECT version_id FROM active_version FOR UPDATE');
      const now = active ? active.version_id : null;
      if (now !== from.name) {
        throw new CitedError(
          'INDEX_BUSY',
          `another ingest made version ${now} live while this one ran (it started from ${from.name ?? 'none'}); ` +
            'ingest again',
        );
      }
      const v = await insertVersion(query, contents);
      await insertDocuments(query, v, contents.documents);
      await insertChunks(query, v, contents, from.reusable?.version.id, progress);
      progress('index', 0, 1);
      await recordTermStatistics(query, v);
      const d = contents.embedder.dims;
      await query(
        `CREATE INDEX ${hnswName(v)} ON chunks USING hnsw ((embedding::vector(${d})) vector_cosine_ops) ` +
          `WHERE version_id = ${v}`,
      );
      // Fresh statistics, or the planner, guessing a handful of rows per version, scans them all instead of the HNSW.
      await query('ANALYZE chunks');
      progress('index', 1, 1);
      await query(
        'INSERT INTO active_version (id, version_id) VALUES (true, $1) ' +
          'ON CONFLICT (id) DO UPDATE SET version_id = EXCLUDED.version_id',
        [v],
      );
      if (now !== null) await query('UPDATE index_versions SET retired_at = now() WHERE id = $1', [now]);
      return v;
    }, WRITING);
    await this.collect();
    return { index: await this.open(id), name: String(id) };
  }

  /**
   * Removes versions retired longer ago than the grace period; returns their ids. None is removed while another
   * ingest writes (it collects when it is done), and one that cannot have its locks in COLLECT_LOCK_TIMEOUT_MS is
   * left for the next collect.
   */
  async collect(): Promise<number[]> {
    const old = await this.query<{ id: string }>(
      'SELECT v.id FROM index_versions v WHERE v.retired_at <= now() - make_interval(secs => $1) ' +
        'AND NOT EXISTS (SELECT 1 FROM active_version a WHERE a.version_id = v.id) ORDER BY v.id',
      [this.graceMs / 1000],
    );
    const removed: number[] = [];
    for (const { id } of old) if (await this.remove(Number(id))) removed.push(Number(id));
    return removed;
  }

  /**
   * Removes one version's HNSW index, then its rows; false if that must wait. What a real server showed (PGlite runs
   * one transaction at a time, so nothing there ever waits for a lock):
   * - A plain DROP INDEX locks the whole chunks table, and while it waits for that lock every search queues behind
   *   it: behind a long transaction, searches everywhere stalled until the drop's statement_timeout, which then
   *   failed the ingest that had just made its version live. CONCURRENTLY, the drop waits without holding searches
   *   up; it cannot run in a transaction, so the two steps are separate, each safe to repeat, the index first so a
   *   version whose rows are gone has nothing left behind.
   * - Dropped concurrently beside an ingest that is writing, the index deadlocked with it (the ingest's index build
   *   waits for the drop, which waits for the ingest's transaction to end), and one of the two failed. So a removal
   *   holds the writer's lock: while an ingest writes, nothing is removed (and an ingest that starts writing while a
   *   removal runs is refused as busy, as beside another ingest).
   */
  private async remove(id: number): Promise<boolean> {
    try {
      return await this.pool.session({ lock_timeout: COLLECT_LOCK_TIMEOUT_MS }, async (query) => {
        const [lock] = await query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [WRITER_LOCK]);
        if (!lock.ok) return false;
        await query(`DROP INDEX CONCURRENTLY IF EXISTS ${hnswName(id)}`);
        await query('DELETE FROM index_versions WHERE id = $1', [id]);
        // Released now, not when the connection's backend has exited: the next removal, or write, wants it at once.
        await query('SELECT pg_advisory_unlock($1)', [WRITER_LOCK]);
        return true;
      });
    } catch (e) {
      if (isLockTimeout(e)) return false;
      throw e;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

async function insertVersion(query: Query, c: NewVersion): Promise<number> {
  const [row] = await query<{ id: string }>(
    'INSERT INTO index_versions (embedder_name, embedder_model, dims, chunker, roots, source) ' +
      'VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [
      c.embedder.name,
      c.embedder.model,
      c.embedder.dims,
      c.chunker,
      JSON.stringify(c.roots),
      c.source ? JSON.stringify(c.source) : null,
    ],
  );
  return Number(row.id);
}

async function insertDocuments(query: Query, v: number, documents: IndexedDocument[]): Promise<void> {
  for (let i = 0; i < documents.length; i += WRITE_BATCH) {
    const batch = documents.slice(i, i + WRITE_BATCH);
    const metas = batch.map(({ id: _i, sha256: _s, path: _p, text: _t, sentences: _n, ...meta }) => meta);
    await query(
      'INSERT INTO documents (version_id, id, ord, sha256, path, body, sentences, meta) ' +
        'SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])',
      [
        v,
        batch.map((d) => d.id),
        batch.map((_, k) => i + k),
        batch.map((d) => d.sha256),
        batch.map((d) => d.path),
        batch.map((d) => d.text),
        batch.map((d) => JSON.stringify(d.sentences.map((s) => [s.start, s.end]))),
        metas.map((m) => JSON.stringify(m)),
      ],
    );
  }
}

/**
 * What BM25 reads: every term's postings (the rows holding it, ascending, and its frequency in each) and document
 * frequency, from the chunks' tsvectors; and the average length.
 */
async function recordTermStatistics(query: Query, v: number): Promise<void> {
  await query(
    'INSERT INTO terms (version_id, term, df, rows, freqs) ' +
      `SELECT ${v}, u.lexeme, count(*), array_agg(c.row_no ORDER BY c.row_no), ` +
      'array_agg(cardinality(u.positions) ORDER BY c.row_no) ' +
      `FROM chunks c CROSS JOIN LATERAL unnest(c.terms) u WHERE c.version_id = ${v} GROUP BY u.lexeme`,
  );
  await query(
    'UPDATE index_versions SET (chunk_count, avg_terms) = ' +
      `(SELECT count(*), coalesce(avg(length(terms)), 0) FROM chunks WHERE version_id = ${v}) WHERE id = ${v}`,
  );
}

/** Chunk rows in order; a null vector is copied from the base version's chunk of the same document and position. */
async function insertChunks(
  query: Query,
  v: number,
  c: NewVersion,
  base: number | undefined,
  progress: WriteProgress,
): Promise<void> {
  const seq: number[] = [];
  c.chunks.forEach((chunk, i) => seq.push(i > 0 && c.chunks[i - 1].docId === chunk.docId ? seq[i - 1] + 1 : 0));
  for (let i = 0; i < c.chunks.length; i += WRITE_BATCH) {
    const rows = c.chunks.slice(i, i + WRITE_BATCH);
    const vectors = c.vectors.slice(i, i + WRITE_BATCH);
    await query(
      'INSERT INTO chunks (version_id, row_no, doc_id, seq, chunk_id, body, start_offset, end_offset, terms, ' +
        `embedding) SELECT ${v}, u.r, u.d, u.s, u.id, u.t, u.st, u.en, to_tsvector('simple', u.lx), ` +
        `COALESCE(u.e::vector, (SELECT o.embedding FROM chunks o WHERE o.version_id = ${base ?? -1} ` +
        'AND o.doc_id = u.d AND o.seq = u.s)) ' +
        'FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], ' +
        '$9::text[]) AS u(r, d, s, id, t, st, en, lx, e)',
      [
        rows.map((_, k) => i + k),
        rows.map((r) => r.docId),
        rows.map((_, k) => seq[i + k]),
        rows.map((r) => r.id),
        rows.map((r) => r.text),
        rows.map((r) => r.start),
        rows.map((r) => r.end),
        rows.map((r) => lexemes(r.text).join(' ')),
        vectors.map((e) => (e ? vectorLiteral(e) : null)),
      ],
    );
    progress('write', Math.min(i + WRITE_BATCH, c.chunks.length), c.chunks.length);
  }
}
