import { HybridIndex } from '../../src/index/index.js';
import { ingest } from '../../src/ingest/index.js';
import { BruteForceIndex } from '../helpers/brute-force-index.js';
import { tempDir } from '../helpers/fixtures.js';
import { searchIndexContract } from './search-index.contract.js';

searchIndexContract('HybridIndex as ingest builds it', async (corpusDir, embedder) => {
  return (await ingest({ roots: [corpusDir], indexDir: tempDir(), embedder })).index;
});

searchIndexContract('HybridIndex loaded back from its files on disk', async (corpusDir, embedder) => {
  const indexDir = tempDir();
  await ingest({ roots: [corpusDir], indexDir, embedder });
  return HybridIndex.load(indexDir);
});

searchIndexContract('a brute-force in-memory index (tests/helpers)', (corpusDir, embedder) =>
  BruteForceIndex.fromCorpus(corpusDir, embedder),
);
