import type { Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';
import { CitedError } from '../errors.js';

/**
 * The connection pool to the PostgreSQL store, and the one place its failures are classified: a database that
 * cannot be reached (refused, reset, timed out, shutting down) is STORE_UNAVAILABLE, which the HTTP layer answers
 * with 503 and Retry-After; the pool makes new connections as soon as the server is back, so no restart is needed.
 * `pg` is imported here, on the first connection: a process without CITED_STORE never loads it.
 */

/**
 * Connections one process holds at most: pg's default. Searches are one statement each and take milliseconds, so 10
 * serve far more asks per second than one Node process answers; N replicas need N × 10 ≤ the server's
 * max_connections (100 by default).
 */
const POOL_SIZE = 10;
/**
 * How long a query waits for a connection (a new one, or a free one from a busy pool) before it fails as
 * unavailable: a reachable server connects in milliseconds, and a client should get its 503 well before it gives up.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * The longest one statement of a search or a load may run, on the server (statement_timeout): a search takes
 * milliseconds, so 10 s is a server in trouble, and the request should fail rather than hold its connection.
 */
const STATEMENT_TIMEOUT_MS = 10_000;
/**
 * The client's own limit for a reply, a little past the server's: a server that went silent (a network cut) never
 * sends the statement_timeout error, and the request must still end.
 */
const REPLY_MARGIN_MS = 5_000;
const REPLY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + REPLY_MARGIN_MS;
/** A transaction left idle this long is ended by the server, so a crashed writer cannot hold locks for ever. */
const IDLE_IN_TRANSACTION_MS = 60_000;
/** An idle connection is closed after this long: a replica that serves little holds no connections. */
const IDLE_CONNECTION_MS = 30_000;
/**
 * HNSW candidates a vector search considers (pgvector's default is 40): at least the 50 candidates each ranker
 * proposes to the blend, with room so the approximate search finds the same ones the local HNSW does.
 */
const EF_SEARCH = 100;

/** The write transaction's statements: inserting a large version and building its HNSW index takes minutes. */
export const WRITE_STATEMENT_TIMEOUT_MS = 30 * 60_000;

/** Node's codes for a server that cannot be reached or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs that mean "not now": connection exceptions (class 08), the server shutting down or starting
 * (57P01–57P03), too many connections (53300) and a statement cancelled by statement_timeout (57014).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
/** What pg says, without a code, when a connection ends under it or never comes. */
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable/i;

/** SQLSTATE lock_not_available: a statement gave up waiting for a lock (lock_timeout). */
const LOCK_NOT_AVAILABLE = '55P03';

/** Whether `e` (as thrown by PgPool) is a statement that gave up waiting for a lock, after its lock_timeout. */
export function isLockTimeout(e: unknown): boolean {
  const cause = e instanceof CitedError ? e.cause : e;
  return cause instanceof Error && (cause as { code?: unknown }).code === LOCK_NOT_AVAILABLE;
}

/** Whether `e` says the database cannot be reached now (as opposed to a query that is wrong). */
function isUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')))
    return true;
  if (e instanceof AggregateError) return e.errors.some(isUnavailable);
  return UNAVAILABLE_MESSAGE.test(e.message);
}

/** A database failure as a CitedError: STORE_UNAVAILABLE when retrying later can help, else INTERNAL. */
function storeError(e: unknown): CitedError {
  if (e instanceof CitedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (isUnavailable(e)) return new CitedError('STORE_UNAVAILABLE', `the PostgreSQL store is unavailable: ${message}`);
  return new CitedError('INTERNAL', `PostgreSQL: ${message}`, { cause: e });
}

/** Runs one statement and returns its rows. */
export type Query = <R extends QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

export interface PgPoolOptions {
  log?: (message: string) => void;
}

/** A pool of connections to one database, every failure classified (see `storeError`). */
export class PgPool {
  private constructor(private readonly pool: Pool) {}

  static async open(url: string, opts: PgPoolOptions = {}): Promise<PgPool> {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      query_timeout: REPLY_TIMEOUT_MS,
      // A command-line run (ingest, eval) ends when its work does, not when idle connections time out.
      allowExitOnIdle: true,
      // Each new connection's session settings, before its first query (a failure fails that connection). The
      // types say void, but pg-pool waits for a returned promise, and must: a query meanwhile would overlap this one.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onConnect: async (client) => {
        await client.query(
          `SET statement_timeout = ${STATEMENT_TIMEOUT_MS}; ` +
            `SET idle_in_transaction_session_timeout = ${IDLE_IN_TRANSACTION_MS}; ` +
            `SET hnsw.ef_search = ${EF_SEARCH}`,
        );
      },
    });
    // An idle connection that breaks (the server restarted) is dropped by the pool; unhandled, it would crash us.
    pool.on('error', (e) => opts.log?.(`PostgreSQL connection lost: ${e.message}`));
    return new PgPool(pool);
  }

  readonly query: Query = async <R extends QueryResultRow>(text: string, values?: unknown[]) => {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (e) {
      throw storeError(e);
    }
  };

  /**
   * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. A writer
   * passes its longer statement timeout: the server's (SET LOCAL, this transaction only) and the client's wait for
   * each reply both follow it, since the pool's 15 s wait would otherwise end a long statement (an HNSW build over
   * 100k chunks) on the client while the server still runs it.
   */
  async transaction<T>(work: (query: Query) => Promise<T>, opts: { statementTimeoutMs?: number } = {}): Promise<T> {
    const client = await this.connect();
    const limit = opts.statementTimeoutMs;
    // pg reads a reply timeout per query (`query_timeout`), which its types do not list.
    const config = (text: string, values?: unknown[]): QueryConfig =>
      limit === undefined
        ? { text, values }
        : ({ text, values, query_timeout: limit + REPLY_MARGIN_MS } as QueryConfig);
    const query: Query = async <R extends QueryResultRow>(text: string, values?: unknown[]) =>
      (await client.query<R>(config(text, values))).rows;
    try {
      await query('BEGIN');
      if (limit !== undefined) await query(`SET LOCAL statement_timeout = ${limit}`);
      const result = await work(query);
      await query('COMMIT');
      client.release();
      return result;
    } catch (e) {
      // A connection whose rollback fails is broken: released with the error, the pool closes it.
      const broken = await query('ROLLBACK').then(
        () => undefined,
        (r: Error) => r,
      );
      client.release(broken);
      throw storeError(e);
    }
  }

  /**
   * Runs `work` on one connection outside a transaction (for statements that refuse to run in one, such as DROP INDEX
   * CONCURRENTLY), with `settings` (SET name = value) for its statements. The connection is closed afterwards, not
   * returned to the pool, so the settings never reach another caller's statements.
   */
  async session<T>(settings: Record<string, number>, work: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      for (const [name, value] of Object.entries(settings)) await client.query(`SET ${name} = ${value}`);
      return await work(
        async <R extends QueryResultRow>(text: string, values?: unknown[]) =>
          (await client.query<R>(text, values)).rows,
      );
    } catch (e) {
      throw storeError(e);
    } finally {
      client.release(true);
    }
  }

  /** One connection of the pool, for a caller that must release it; failing to get one is the store's error. */
  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw storeError(e);
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
