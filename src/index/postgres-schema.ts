import { CitedError } from '../errors.js';
import { WRITE_STATEMENT_TIMEOUT_MS } from './postgres-pool.js';
import type { PgPool } from './postgres-pool.js';

/**
 * The store's schema, as numbered migrations: each runs once, in order, in one transaction with its row in
 * `schema_migrations`, so a database is always at one known version. A migration is never edited once released;
 * a change is a new one at the end.
 *
 * Each index version is rows tagged with its id. Vectors are `vector` (any dimension: each version records its
 * embedder's) and each version gets its own HNSW index over `embedding::vector(d)` restricted to its rows (partial,
 * made by the writer): a search in one version then ranks exactly that version's chunks, like the local index, and
 * versions with different dimensions can live side by side during a switch.
 *
 * Words: each chunk's terms as a `tsvector`; each version's inverted index in `terms` (per term: its document
 * frequency and postings, the rows holding it and how often) and its average length in `index_versions`.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE EXTENSION IF NOT EXISTS vector;
   CREATE TABLE index_versions (
     id bigserial PRIMARY KEY,
     created_at timestamptz NOT NULL DEFAULT now(),
     retired_at timestamptz,
     embedder_name text NOT NULL,
     embedder_model text NOT NULL,
     dims integer NOT NULL CHECK (dims > 0),
     chunker text NOT NULL,
     roots jsonb NOT NULL,
     chunk_count integer NOT NULL DEFAULT 0,
     avg_terms double precision NOT NULL DEFAULT 0
   );
   CREATE TABLE active_version (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     version_id bigint NOT NULL REFERENCES index_versions (id)
   );
   CREATE TABLE documents (
     version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
     id text NOT NULL,
     ord integer NOT NULL,
     sha256 text NOT NULL,
     path text NOT NULL,
     body text NOT NULL,
     sentences jsonb NOT NULL,
     meta jsonb NOT NULL,
     PRIMARY KEY (version_id, id),
     UNIQUE (version_id, ord)
   );
   CREATE TABLE chunks (
     version_id bigint NOT NULL,
     row_no integer NOT NULL,
     doc_id text NOT NULL,
     seq integer NOT NULL,
     chunk_id text NOT NULL,
     body text NOT NULL,
     start_offset integer NOT NULL,
     end_offset integer NOT NULL,
     terms tsvector NOT NULL,
     embedding vector NOT NULL,
     PRIMARY KEY (version_id, row_no),
     UNIQUE (version_id, doc_id, seq),
     FOREIGN KEY (version_id, doc_id) REFERENCES documents (version_id, id) ON DELETE CASCADE
   );
   CREATE INDEX chunks_terms ON chunks USING gin (terms);
   CREATE TABLE terms (
     version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
     term text NOT NULL,
     df integer NOT NULL,
     PRIMARY KEY (version_id, term)
   );`,
  // Which copy of the corpus each version was read from (corpusSource): NULL for versions written before.
  `ALTER TABLE index_versions ADD COLUMN source jsonb;`,
  // Each term's postings (rows ascending, frequencies), so that BM25 reads only its query terms' rows: scoring from
  // the tsvectors of every chunk sharing a query word grew with the corpus. Filled in for the versions already here;
  // the GIN index, which only found those chunks, goes.
  `ALTER TABLE terms ADD COLUMN rows integer[], ADD COLUMN freqs integer[];
   DELETE FROM terms;
   INSERT INTO terms (version_id, term, df, rows, freqs)
     SELECT c.version_id, u.lexeme, count(*), array_agg(c.row_no ORDER BY c.row_no),
            array_agg(cardinality(u.positions) ORDER BY c.row_no)
     FROM chunks c CROSS JOIN LATERAL unnest(c.terms) u GROUP BY c.version_id, u.lexeme;
   ALTER TABLE terms ALTER COLUMN rows SET NOT NULL, ALTER COLUMN freqs SET NOT NULL;
   DROP INDEX chunks_terms;`,
];

/** Serialises migrations across processes starting at once: any constant, the same in every cited. */
const MIGRATION_LOCK = 0x63_69_74_65_64; // "cited"

/** The schema version this cited writes and reads. */
const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to SCHEMA_VERSION; a database from a newer cited is refused, never downgraded. */
export async function migrate(pool: PgPool): Promise<number[]> {
  return pool.transaction(
    async (query) => {
      await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await query(
        'CREATE TABLE IF NOT EXISTS schema_migrations ' +
          '(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const rows = await query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const newest = Math.max(0, ...done);
      if (newest > SCHEMA_VERSION) {
        throw new CitedError(
          'CONFIG_INVALID',
          `the database's schema is version ${newest}, newer than this cited's ${SCHEMA_VERSION}: upgrade cited`,
        );
      }
      const applied: number[] = [];
      for (let version = 1; version <= SCHEMA_VERSION; version++) {
        if (done.has(version)) continue;
        await query(MIGRATIONS[version - 1]);
        await query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        applied.push(version);
      }
      return applied;
    },
    // A migration may rewrite a large table (3 rebuilds every version's postings): it has a writer's time.
    { statementTimeoutMs: WRITE_STATEMENT_TIMEOUT_MS },
  );
}
