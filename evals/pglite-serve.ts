/**
 * PostgreSQL with pgvector for trying CITED_STORE without installing a server: PGlite (PostgreSQL compiled to
 * WASM, in memory, or in `--dir`) served over the wire protocol, so cited's ordinary `pg` client connects to it.
 * Prints the URL to set as CITED_STORE, then serves until stopped (Ctrl-C).
 *
 *   node --import tsx evals/pglite-serve.ts [--port 5432] [--dir .cited/pglite]
 *   CITED_STORE=postgres://postgres@127.0.0.1:5432/postgres npx cited eval --squad … --split heldout
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Several cited processes' pools (10 connections each) at once; PGlite runs their statements one at a time. */
const MAX_CONNECTIONS = 64;

const { values } = parseArgs({ options: { port: { type: 'string', default: '5432' }, dir: { type: 'string' } } });
const db = await PGlite.create(values.dir, { extensions: { vector } });
const server = new PGLiteSocketServer({ db, port: Number(values.port), maxConnections: MAX_CONNECTIONS });
await server.start();
console.log(`CITED_STORE=postgres://postgres@${server.getServerConn()}/postgres`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
