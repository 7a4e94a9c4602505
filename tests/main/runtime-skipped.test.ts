import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Runtime } from '../../src/main/index.js';
import { corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

describe('an ingest on the way to serving', () => {
  it('logs each file it left out (no report is printed then), and a second start finds the index fresh', async () => {
    const outside = corpusOf({ 'secret.txt': 'secret' });
    const corpus = corpusOf({ 'a.txt': 'The bridge opened in 1932.' });
    symlinkSync(join(outside, 'secret.txt'), join(corpus, 'leak.txt'));
    symlinkSync('/proc/self/environ', join(corpus, 'env.txt'));
    const config = loadConfig({ CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: tempDir(), CITED_LLM: 'extractive' });
    const logs: string[] = [];
    await new Runtime(config, wordVectors(), { log: (m) => logs.push(m) }).ensureIndex();
    expect(logs).toEqual([
      'no index yet: ingesting the corpus…',
      `skipped ${JSON.stringify(join(corpus, 'env.txt'))}: system file (/proc, /sys, /dev)`,
      `skipped ${JSON.stringify(join(corpus, 'leak.txt'))}: symlink outside the corpus`,
    ]);
    logs.length = 0;
    await new Runtime(config, wordVectors(), { log: (m) => logs.push(m) }).ensureIndex();
    expect(logs).toEqual([]);
  });
});
