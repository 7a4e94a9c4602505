import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HybridIndex, currentVersionDir } from '../../src/index/index.js';
import { ingest } from '../../src/ingest/index.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { ARTICLE, REPO, corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

const article = readFileSync(ARTICLE, 'utf8');
const extra = {
  'harvest.md':
    '---\ntitle: Harvest report\ndate: 2024-09-01\n---\n' +
    'Farmers in Kansas harvested a record wheat crop this autumn. Yields averaged 52 bushels per acre.',
  'volcano.txt':
    'date 2023-04-02\nThe volcano erupted on Sunday, sending ash twelve kilometres into the sky. ' +
    'Flights were cancelled across the region.',
};

async function build(files: Record<string, string>, indexDir = tempDir()) {
  const corpus = corpusOf(files);
  const embedder = new CountingEmbeddings(wordVectors());
  const report = await ingest({ roots: [corpus], indexDir, embedder });
  return { corpus, indexDir, embedder, report };
}

describe('HybridIndex persistence', () => {
  it('round-trips: a loaded index returns exactly what the built one did', async () => {
    const { indexDir, report, embedder } = await build({ 'hama.txt': article, ...extra });
    const loaded = HybridIndex.load(indexDir);
    expect(loaded.contents.documents.map((d) => d.id)).toEqual(['hama', 'harvest-md', 'volcano']);
    expect(loaded.contents.chunks).toEqual(report.index.contents.chunks);
    expect(loaded.document('volcano')?.date).toBe('2023-04-02');
    for (const q of ['How far is Hama from Aleppo?', 'wheat yields per acre', 'ash cloud flights']) {
      const v = embedder.embedText(q);
      expect((await loaded.search(v, q, 3)).map((h) => h.chunk.id)).toEqual(
        (await report.index.search(v, q, 3)).map((h) => h.chunk.id),
      );
    }
  });

  it('writes a manifest with format version, embedder, document hashes and file checksums', async () => {
    const { indexDir } = await build(extra);
    const manifest = JSON.parse(readFileSync(join(currentVersionDir(indexDir)!, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      formatVersion: 2,
      embedder: { name: 'local', dims: 100 },
      counts: { documents: 2 },
    });
    expect(manifest.documents[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'bm25.bin',
      'chunks.bin',
      'documents.bin',
      'hnsw.bin',
      'vectors.f32',
    ]);
  });

  it('refuses a damaged index file with an error naming the file and the fix', async () => {
    const { indexDir } = await build(extra);
    const file = join(currentVersionDir(indexDir)!, 'chunks.bin');
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(() => HybridIndex.load(indexDir)).toThrow(/chunks\.bin is damaged.*run `cited ingest`/);
  });

  it('checks the HNSW graph file too (it is hashed as a stream, not read whole)', async () => {
    const { indexDir } = await build(extra);
    const file = join(currentVersionDir(indexDir)!, 'hnsw.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(file, bytes);
    expect(() => HybridIndex.load(indexDir)).toThrow(/hnsw\.bin is damaged.*run `cited ingest`/);
  });

  it('refuses an index written in format 1 (JSON) with the rebuild message, not a crash', async () => {
    const { indexDir } = await build(extra);
    const path = join(currentVersionDir(indexDir)!, 'manifest.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), formatVersion: 1 }));
    expect(() => HybridIndex.load(indexDir)).toThrow(/format 1, written by an older cited.*run `cited ingest`/);
    // ingest does not try to reuse it: it rebuilds.
    const again = await ingest({ roots: [corpusOf(extra)], indexDir, embedder: new CountingEmbeddings(wordVectors()) });
    expect(again.added).toBe(2);
    expect(HybridIndex.load(indexDir).contents.documents).toHaveLength(2);
  });

  it('reports a missing index as INDEX_MISSING', () => {
    expect(() => HybridIndex.load(tempDir())).toThrow(expect.objectContaining({ code: 'INDEX_MISSING' }));
  });
});

describe('ingest', () => {
  it('is incremental: unchanged documents are not embedded again', async () => {
    const { corpus, indexDir, report } = await build({ 'hama.txt': article, ...extra });
    expect(report.embeddedChunks).toBe(report.chunks);
    const again = new CountingEmbeddings(wordVectors());
    const second = await ingest({ roots: [corpus], indexDir, embedder: again });
    expect(again.embedded).toBe(0);
    expect(second.unchanged).toBe(3);

    writeFileSync(join(corpus, 'volcano.txt'), extra['volcano.txt'] + ' Schools reopened on Tuesday.');
    writeFileSync(join(corpus, 'new.txt'), 'A brand new document about tides. Tides follow the moon.');
    const third = await ingest({ roots: [corpus], indexDir, embedder: again });
    expect(third).toMatchObject({ added: 1, changed: 1, unchanged: 2 });
    expect(again.embedded).toBe(third.embeddedChunks);
    expect(again.embedded).toBeLessThan(third.chunks);
    expect(HybridIndex.load(indexDir).document('new')?.text).toContain('Tides follow the moon');
  });

  it('reads again what older loaders read (a better title), and keeps the vectors of the same text', async () => {
    const { corpus, indexDir } = await build({ 'hama.txt': article, ...extra });
    const built = HybridIndex.load(indexDir);
    // As an index written before loaders had versions: no version, and the title they gave then.
    const documents = built.contents.documents.map(({ loader: _, ...d }) => ({ ...d, title: 'HAMA - Syrian rebels…' }));
    HybridIndex.build({ ...built.contents, documents }).save(indexDir);
    const again = new CountingEmbeddings(wordVectors());
    const report = await ingest({ roots: [corpus], indexDir, embedder: again });
    expect(again.embedded).toBe(0);
    expect(report.unchanged).toBe(3);
    expect(HybridIndex.load(indexDir).document('hama')?.title).toBe('Hama');
  });

  it('is atomic: an ingest that fails midway leaves the previous index intact and loadable', async () => {
    const { corpus, indexDir } = await build(extra);
    const before = currentVersionDir(indexDir);
    writeFileSync(join(corpus, 'hama.txt'), article);
    const failing = new CountingEmbeddings(wordVectors());
    failing.failAfter = 1;
    await expect(ingest({ roots: [corpus], indexDir, embedder: failing, force: true, batchSize: 1 })).rejects.toThrow(
      /simulated failure/,
    );
    expect(currentVersionDir(indexDir)).toBe(before);
    const index = HybridIndex.load(indexDir);
    expect(index.contents.documents.map((d) => d.id)).toEqual(['harvest-md', 'volcano']);
  });

  it('ignores and later removes a half-written version left by a crash', async () => {
    const { corpus, indexDir } = await build(extra);
    const partial = join(indexDir, 'v-zzzz-crash.tmp');
    mkdirSync(partial);
    writeFileSync(join(partial, 'chunks.bin'), 'CITB');
    expect(HybridIndex.load(indexDir).contents.documents).toHaveLength(2);
    await ingest({ roots: [corpus], indexDir, embedder: new CountingEmbeddings(wordVectors()) });
    expect(existsSync(partial)).toBe(false);
    expect(readdirSync(indexDir).filter((f) => f.startsWith('v-')).length).toBeLessThanOrEqual(2);
  });

  it('fails clearly on an empty corpus', async () => {
    await expect(
      ingest({
        roots: [corpusOf({ 'x.pdf': 'no' })],
        indexDir: tempDir(),
        embedder: new CountingEmbeddings(wordVectors()),
      }),
    ).rejects.toMatchObject({
      code: 'CORPUS_EMPTY',
    });
  });
});

describe('hybrid ranking', () => {
  it('fuses word and meaning matches: each ranker alone misses what the fusion finds', async () => {
    const { report, embedder } = await build({
      'a.txt': 'The committee approved the budget for the bridge repairs.',
      'b.txt': 'Zyxtrel corporation announced quarterly earnings.',
      'c.txt': 'Insurgents seized the town after heavy fighting overnight.',
      'd.txt': 'The recipe needs flour, butter and two eggs.',
    });
    const index = report.index;
    // A rare exact term: found by BM25 even though the vector has nothing to go on.
    const rare = await index.search(embedder.embedText('zyxtrel'), 'zyxtrel', 1);
    expect(rare[0].chunk.docId).toBe('b');
    // A paraphrase sharing no words: found through the vectors.
    const q = 'rebels captured a city';
    expect((await index.searchTerms(q, 4)).some((h) => h.chunk.docId === 'c')).toBe(false);
    expect((await index.search(embedder.embedText(q), q, 1))[0].chunk.docId).toBe('c');
    // Both signals agreeing beat either alone.
    const both = await index.search(embedder.embedText('bridge budget approved'), 'bridge budget approved', 4);
    expect(both[0].chunk.docId).toBe('a');
    expect(both[0].similarity).toBeDefined();
    expect(both[0].bm25).toBeDefined();
  });
});

describe('concurrent writers and readers', () => {
  it('refuses a second writer while a live process holds the lock, and takes over a dead one', async () => {
    const { corpus, indexDir } = await build(extra);
    const { spawn } = await import('node:child_process');
    const holder = spawn('sleep', ['10']);
    try {
      writeFileSync(join(indexDir, '.lock'), String(holder.pid));
      await expect(
        ingest({ roots: [corpus], indexDir, embedder: new CountingEmbeddings(wordVectors()) }),
      ).rejects.toMatchObject({ code: 'INDEX_BUSY' });
    } finally {
      holder.kill();
    }
    writeFileSync(join(indexDir, '.lock'), '999999999');
    await expect(
      ingest({ roots: [corpus], indexDir, embedder: new CountingEmbeddings(wordVectors()) }),
    ).resolves.toBeDefined();
    expect(existsSync(join(indexDir, '.lock'))).toBe(false);
    // The lock is linked into place from a file of the writer's own, which never outlives the attempt.
    expect(readdirSync(indexDir).filter((f) => f.startsWith('.lock'))).toEqual([]);
  });

  it('reports an unreadable pointer or index file as damage, not as a crash or a missing file', async () => {
    const { indexDir } = await build(extra);
    const live = currentVersionDir(indexDir)!;
    rmSync(join(live, 'chunks.bin'));
    mkdirSync(join(live, 'chunks.bin'));
    expect(() => HybridIndex.load(indexDir)).toThrow(/chunks\.bin cannot be read/);
    rmSync(join(indexDir, 'CURRENT'));
    mkdirSync(join(indexDir, 'CURRENT'));
    let error: unknown;
    try {
      HybridIndex.load(indexDir);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringMatching(/pointer .*CURRENT is not a regular file/),
    });
  });

  it('readers always load a complete index while another process keeps swapping versions', async () => {
    const { corpus, indexDir } = await build(extra);
    const { spawn } = await import('node:child_process');
    const bin = join(REPO, 'bin', 'cited.js');
    const writer = spawn(
      'sh',
      ['-c', `for i in 1 2 3 4 5 6 7 8; do node ${bin} ingest --force ${corpus} || exit 1; done`],
      {
        env: { ...process.env, CITED_INDEX_DIR: indexDir },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((r) => writer.on('exit', r));
    let running = true;
    void exited.then(() => (running = false));
    let loads = 0;
    while (running) {
      expect(HybridIndex.load(indexDir).contents.documents).toHaveLength(2);
      loads++;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).toBe(0);
    expect(loads).toBeGreaterThan(20);
  });

  it('keeps two roots with the same file names apart, and notices a change in either', async () => {
    const a = corpusOf({ 'x.txt': 'The keeper of the Northport lighthouse is Ann Lee.' });
    const b = corpusOf({ 'x.txt': 'The ferry to Southport leaves at noon.' });
    const indexDir = tempDir();
    const { checkFreshness } = await import('../../src/ingest/index.js');
    const report = await ingest({ roots: [a, b], indexDir, embedder: new CountingEmbeddings(wordVectors()) });
    expect(report.documents).toBe(2);
    expect(checkFreshness(indexDir).state).toBe('fresh');
    writeFileSync(join(a, 'x.txt'), 'The keeper of the Northport lighthouse is Bo Chan.');
    expect(checkFreshness(indexDir).state).toBe('stale');
  });
});
