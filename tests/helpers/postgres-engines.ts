import pg from 'pg';
import { describe, it } from 'vitest';
import {
  NATIVE_POSTGRES_ENV,
  nativePostgresAvailability,
  nativePostgresName,
  startNativePostgres,
} from './native-postgres.js';
import { startPgliteServer } from './pglite-server.js';
import type { PostgresServer } from './postgres-server.js';

/**
 * A PostgreSQL server with pgvector that the tests may use but do not own (postgres://user@host/any-db): each
 * server a test asks for is a database created in it for the test and dropped after it. Its role must be allowed
 * to create databases and the `vector` extension.
 */
const EXTERNAL_POSTGRES_ENV = 'CITED_TEST_POSTGRES_URL';

/** What a test may need that an engine cannot do, each with why not. */
interface EngineLimits {
  /** stop()/start() make an outage. */
  outages?: string;
  /** Transactions on several connections run at once, so one can wait for another's lock. */
  concurrentTransactions?: string;
}

/** What the PostgreSQL store's tests run against. */
export interface PostgresEngine {
  /** In the tests' titles. */
  name: string;
  /** Why its tests are skipped on this machine; undefined when they run. */
  skip?: string;
  cannot: EngineLimits;
  /** A server with a database of its own, empty. */
  start(): Promise<PostgresServer>;
}

/** PGlite (PostgreSQL compiled to WASM, in this process) served over the wire: always there, an npm package. */
const PGLITE: PostgresEngine = {
  name: 'PGlite',
  cannot: {
    concurrentTransactions: 'PGlite is one backend and runs one transaction at a time, so none ever waits for a lock',
  },
  start: startPgliteServer,
};

/** A real server started by the test, when this machine has one with pgvector; else skipped, saying why. */
function nativeEngine(): PostgresEngine {
  const found = nativePostgresAvailability();
  if (found.available) return { name: nativePostgresName(found.install), cannot: {}, start: startNativePostgres };
  // Required, it is not skipped: each test fails, saying what is missing.
  const skip = process.env[NATIVE_POSTGRES_ENV] === '1' ? undefined : found.reason;
  return { name: 'native PostgreSQL', skip, cannot: {}, start: startNativePostgres };
}

/** Runs one statement on its own connection. */
async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let databases = 0;

/** A fresh database in the server at `serverUrl`, dropped (whoever is still connected) by close(). */
async function databaseIn(serverUrl: string): Promise<PostgresServer> {
  const name = `cited_test_${process.pid}_${Date.now().toString(36)}_${databases++}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const cannot = () => Promise.reject(new Error(`a server at ${EXTERNAL_POSTGRES_ENV} cannot be stopped by a test`));
  return {
    url: url.href,
    stop: cannot,
    start: cannot,
    close: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function externalEngine(serverUrl: string): PostgresEngine {
  return {
    name: `PostgreSQL at ${EXTERNAL_POSTGRES_ENV}`,
    cannot: { outages: `the tests do not own the server at ${EXTERNAL_POSTGRES_ENV}, so they cannot stop it` },
    start: () => databaseIn(serverUrl),
  };
}

/** PGlite always; native PostgreSQL, run or skipped; the server at CITED_TEST_POSTGRES_URL when it is set. */
function postgresEngines(): PostgresEngine[] {
  const external = process.env[EXTERNAL_POSTGRES_ENV];
  return [PGLITE, nativeEngine(), ...(external ? [externalEngine(external)] : [])];
}

/**
 * Registers `body`'s tests once per engine, each engine's under a describe named by it. An engine that is not here
 * still has its tests registered, skipped, under a title that says why, and a warning says it too: the run shows
 * what it did not test.
 */
export function describeEachEngine(title: string, body: (engine: PostgresEngine) => void): void {
  for (const engine of postgresEngines()) {
    if (engine.skip === undefined) {
      describe(`${title} [${engine.name}]`, () => body(engine));
    } else {
      console.warn(`skipped: ${title} [${engine.name}]: ${engine.skip}`);
      describe.skip(`${title} [${engine.name}: skipped, ${engine.skip}]`, () => body(engine));
    }
  }
}

/** `it` for a test that needs `what` of the engine; where the engine cannot, the test is skipped, titled with why. */
export function itNeeding(engine: PostgresEngine, what: keyof EngineLimits) {
  const why = engine.cannot[what];
  return (title: string, test: () => Promise<void>, timeout?: number) =>
    why === undefined ? it(title, test, timeout) : it.skip(`${title} (skipped: ${why})`, test);
}
