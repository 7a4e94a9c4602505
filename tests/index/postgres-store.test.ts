import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embeddings/index.js';
import { PostgresStore } from '../../src/index/index.js';
import type { SearchHit } from '../../src/index/index.js';
import { ingest, ingestInto } from '../../src/ingest/index.js';
import { corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';
import { describeEachEngine } from '../helpers/postgres-engines.js';
import type { PostgresServer } from '../helpers/postgres-server.js';
import { CONTRACT_CORPUS, searchIndexContract } from './search-index.contract.js';

describeEachEngine('PostgreSQL store', (engine) => {
  let pg: PostgresServer;
  const stores: PostgresStore[] = [];
  const connect = async () => {
    const store = await PostgresStore.connect(pg.url);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    pg = await engine.start();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await pg.close();
  });

  searchIndexContract(`PostgresIndex as ingest writes it (${engine.name} over the wire, pg client)`, async (dir, e) => {
    return (await ingestInto(await connect(), { roots: [dir], embedder: e })).index;
  });

  searchIndexContract(`PostgresIndex loaded back by another connection (${engine.name})`, async (dir, e) => {
    await ingestInto(await connect(), { roots: [dir], embedder: e });
    return (await (await connect()).openActive())!;
  });

  describe('the same ranking as the local hybrid index', () => {
    it('scores words by the same BM25 and blends in meaning the same way, row for row', async () => {
      const corpus = corpusOf(CONTRACT_CORPUS);
      const embedder = new LocalEmbeddings(wordVectors());
      const local = (await ingest({ roots: [corpus], indexDir: tempDir(), embedder })).index;
      const remote = (await ingestInto(await connect(), { roots: [corpus], embedder })).index;
      const queries = ['harbour ferry', 'the harbour log of ships', 'bridge budget approved', 'museum museum opens'];
      // BM25 is the same arithmetic in float8; cosine is over float4 vectors, summed in another order.
      const same = (a: SearchHit[], b: SearchHit[], digits: number) => {
        expect(b.map((h) => [h.row, h.chunk.id])).toEqual(a.map((h) => [h.row, h.chunk.id]));
        b.forEach((h, i) => expect(h.score).toBeCloseTo(a[i].score, digits));
      };
      for (const q of queries) {
        same(await local.searchTerms(q, 10), await remote.searchTerms(q, 10), 9);
        same(await local.search(embedder.embedText(q), q, 10), await remote.search(embedder.embedText(q), q, 10), 6);
      }
    });
  });
});
