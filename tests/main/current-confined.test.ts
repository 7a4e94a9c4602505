import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersionDir } from '../../src/index/index.js';
import { ingest } from '../../src/ingest/index.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';
import { startTestServer } from '../helpers/server.js';

/** The server's CURRENT watcher polls this often here, so a few polls fit in a short wait. */
const WATCH_MS = 30;

describe('a served index whose CURRENT is pointed elsewhere', () => {
  it('keeps serving its own index: the pointer is refused, never loaded, and the server does not crash', async () => {
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const indexDir = tempDir();
    const server = await startTestServer(
      { CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDir },
      { watchIntervalMs: WATCH_MS },
    );
    try {
      const other = tempDir();
      await ingest({
        roots: [corpusOf({ 'intruder.txt': 'An index from somewhere else.' })],
        indexDir: other,
        embedder: new CountingEmbeddings(wordVectors()),
      });
      writeFileSync(join(indexDir, 'CURRENT'), relative(indexDir, currentVersionDir(other)!));
      await new Promise((r) => setTimeout(r, WATCH_MS * 10));
      expect((await fetch(`${server.url}/api/documents/home`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/documents/intruder`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
