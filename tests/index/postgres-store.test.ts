import { afterAll, beforeAll } from 'vitest';
import { PostgresStore } from '../../src/index/index.js';
import { ingestInto } from '../../src/ingest/index.js';
import { startPgliteServer } from '../helpers/pglite-server.js';
import type { PgliteServer } from '../helpers/pglite-server.js';
import { searchIndexContract } from './search-index.contract.js';

let pg: PgliteServer;
const stores: PostgresStore[] = [];
const connect = async () => {
  const store = await PostgresStore.connect(pg.url);
  stores.push(store);
  return store;
};

beforeAll(async () => {
  pg = await startPgliteServer();
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await pg.close();
});

searchIndexContract(
  'PostgresIndex as ingest writes it (PGlite + pgvector over the wire, pg client)',
  async (dir, e) => {
    return (await ingestInto(await connect(), { roots: [dir], embedder: e })).index;
  },
);

searchIndexContract('PostgresIndex loaded back by another connection', async (dir, e) => {
  await ingestInto(await connect(), { roots: [dir], embedder: e });
  return (await (await connect()).openActive())!;
});
