import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HybridIndex, currentVersionDir } from '../../src/index/index.js';
import { ARTICLE, REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

const BIN = join(REPO, 'bin', 'cited.js');
const run = promisify(execFile);
const article = readFileSync(ARTICLE, 'utf8');

/** A corpus big enough that an ingest takes a while, so a kill lands in every phase. */
function bigCorpus(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[`doc-${i}.txt`] = article.replace(/Hama/g, `Hama${i}`);
  return corpusOf(files);
}

describe('crash-safe ingest', () => {
  it('after kill -9 at random moments, the index always loads as the previous or the new complete index', async () => {
    const corpus = bigCorpus();
    const indexDir = tempDir();
    const env = { ...process.env, CITED_INDEX_DIR: indexDir };
    await run('node', [BIN, 'ingest', corpus], { env });
    const outcomes = { previous: 0, new: 0 };
    const trials = 24;
    for (let t = 0; t < trials; t++) {
      // Alternate between two corpus versions so "previous" and "new" are distinguishable.
      if (t % 2 === 0) writeFileSync(join(corpus, 'extra.txt'), `Extra document ${t}. The ferry leaves at noon.`);
      else writeFileSync(join(corpus, 'extra.txt'), `Changed extra document ${t}.`);
      const previousExtra = HybridIndex.load(indexDir).document('extra')?.text;
      const newExtra = readFileSync(join(corpus, 'extra.txt'), 'utf8');
      const child = spawn('node', [BIN, 'ingest', '--force', corpus], { env, stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 1400));
      child.kill('SIGKILL');
      await exited;
      const index = HybridIndex.load(indexDir); // throws if the index were half-written
      const extra = index.document('extra')?.text;
      expect([previousExtra, newExtra]).toContain(extra);
      expect(index.contents.documents.length).toBeGreaterThanOrEqual(60);
      expect(index.contents.chunks.every((c) => index.document(c.docId)!.text.slice(c.start, c.end) === c.text)).toBe(
        true,
      );
      outcomes[extra === newExtra && extra !== previousExtra ? 'new' : 'previous']++;
      // A later ingest takes over the dead writer's lock and cleans up after it.
      if (t === trials - 1) await run('node', [BIN, 'ingest', corpus], { env });
    }
    expect(currentVersionDir(indexDir)).toBeDefined();
    console.log(
      `kill -9 trials: ${trials}; the index loaded as the previous one ${outcomes.previous} times, ` +
        `as the new one ${outcomes.new} times`,
    );
  }, 120_000);

  it('a corrupted index file stops `ask` and `serve` with a message naming the file and the fix', async () => {
    const corpus = corpusOf({ 'a.txt': 'The bridge opened in 1932.' });
    const indexDir = tempDir();
    const env = { ...process.env, CITED_INDEX_DIR: indexDir, CITED_CORPUS_DIR: corpus };
    await run('node', [BIN, 'ingest'], { env });
    const file = join(currentVersionDir(indexDir)!, 'bm25.bin');
    writeFileSync(file, readFileSync(file).subarray(0, 50));
    for (const args of [
      ['ask', 'When did the bridge open?'],
      ['serve', '--port', '0'],
    ]) {
      const r = await run('node', [BIN, ...args], { env, timeout: 20_000 }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((r as { code: number }).code).toBe(1);
      const stderr = (r as { stderr: string }).stderr;
      expect(stderr).toMatch(/bm25\.bin is damaged .*delete .* and run `cited ingest`/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
