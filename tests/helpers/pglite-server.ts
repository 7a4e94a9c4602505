import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { PostgresServer } from './postgres-server.js';

/**
 * Connections the socket server accepts at once (its default is 1): several processes' pools (10 each) and a test's
 * own. PGlite is one backend, so it runs their statements one at a time, each transaction whole (checked: a pg.Pool
 * of 8 with concurrent transactions commits every row); what a test shows about isolation is therefore what
 * PostgreSQL's own guarantees would give, not a race the test could lose.
 */
const MAX_CONNECTIONS = 64;

/** PostgreSQL (PGlite, in memory, with pgvector) served over the wire protocol on a free loopback port. */
export async function startPgliteServer(): Promise<PostgresServer> {
  const db = await PGlite.create({ extensions: { vector } });
  let server = new PGLiteSocketServer({ db, port: 0, maxConnections: MAX_CONNECTIONS });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  let running = true;
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    stop: async () => {
      if (running) await server.stop();
      running = false;
    },
    start: async () => {
      server = new PGLiteSocketServer({ db, port: Number(port), host, maxConnections: MAX_CONNECTIONS });
      await server.start();
      running = true;
    },
    close: async () => {
      if (running) await server.stop();
      running = false;
      await db.close();
    },
  };
}
