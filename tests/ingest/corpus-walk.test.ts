import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFreshness, ingest, readCorpusFile, scanCorpus } from '../../src/ingest/index.js';
import { readRegularFile } from '../../src/ingest/safe-read.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

const coded = (code: string, message: RegExp) =>
  expect.objectContaining({ code, message: expect.stringMatching(message) });

describe('corpus roots', () => {
  it('refuses /proc, /sys and /dev as roots, and any root that resolves into them', () => {
    const links = corpusOf({});
    symlinkSync('/proc/self', join(links, 'self'));
    for (const root of ['/proc', '/sys', '/dev', '/proc/self/environ', join(links, 'self')]) {
      expect(() => scanCorpus([root]), root).toThrow(coded('CORPUS_UNREADABLE', /is in \/proc, \/sys or \/dev/));
    }
  });

  it('a root that is a symlink loop is one coded line, never a raw ELOOP', () => {
    const dir = tempDir();
    symlinkSync('loop', join(dir, 'loop'));
    expect(() => scanCorpus([join(dir, 'loop')])).toThrow(
      coded('CORPUS_UNREADABLE', /^corpus path .*loop is a symlink loop$/),
    );
  });

  it('a root reached through a symlink is walked as itself (its files are inside its real path)', () => {
    const dir = corpusOf({ 'sub/a.txt': 'A.' });
    const link = join(tempDir(), 'corpus');
    symlinkSync(dir, link);
    expect(scanCorpus([link])).toMatchObject({
      files: [{ id: 'sub-a', path: join(link, 'sub', 'a.txt') }],
      skipped: [],
    });
  });
});

describe('reading a listed file', () => {
  it('never reads what was swapped in after the walk: another file, a symlink out, or a FIFO', () => {
    const outside = corpusOf({ 'secret.txt': 'top secret' });
    const dir = corpusOf({ 'a.txt': 'A.', 'b.txt': 'B.', 'c.txt': 'C.' });
    const [a, b, c] = scanCorpus([dir]).files;
    writeFileSync(join(dir, 'a.new'), 'Another file.');
    renameSync(join(dir, 'a.new'), a.file);
    rmSync(b.file);
    symlinkSync(join(outside, 'secret.txt'), b.file);
    rmSync(c.file);
    execFileSync('mkfifo', [c.file]); // opened without O_NONBLOCK, this read would wait for a writer forever
    expect(() => readCorpusFile(a)).toThrow(expect.objectContaining({ reason: 'replaced during ingest' }));
    expect(() => readCorpusFile(b)).toThrow(expect.objectContaining({ reason: 'replaced by a symlink during ingest' }));
    expect(() => readCorpusFile(c)).toThrow(expect.objectContaining({ reason: 'not a regular file' }));
  });
});

describe('freshness', () => {
  it('never throws for a file that vanished or cannot be indexed, and ignores files the ingest skips', async () => {
    const dir = corpusOf({ 'a.txt': 'The bridge opened in 1932.', 'b.txt': 'The ferry leaves at noon.' });
    const indexDir = tempDir();
    await ingest({ roots: [dir], indexDir, embedder: new CountingEmbeddings(wordVectors()) });
    writeFileSync(join(dir, 'bin.txt'), Buffer.from([1, 0, 2]));
    writeFileSync(join(dir, 'bad.md'), '---\ntitle: [\n---\nx');
    mkdirSync(join(dir, 'deep'));
    symlinkSync('/proc/self/environ', join(dir, 'deep', 'env.txt'));
    expect(checkFreshness(indexDir)).toMatchObject({ state: 'fresh' });
    rmSync(join(dir, 'b.txt'));
    expect(checkFreshness(indexDir)).toMatchObject({ state: 'stale', reason: 'documents were removed' });
  });
});

describe('reading through a descriptor', () => {
  it('refuses a file whose open descriptor points outside the corpus (a folder on the way became a link)', () => {
    const outside = corpusOf({ 'a.txt': 'secret' });
    const corpus = corpusOf({});
    const file = join(outside, 'a.txt');
    const { dev, ino } = statSync(file);
    // The walk saw this very file (same dev/ino) at a path inside the corpus; the descriptor shows where it is.
    expect(() => readRegularFile(file, join(corpus, 'a.txt'), { dev, ino, inside: corpus })).toThrow(
      expect.objectContaining({ reason: 'moved out of the corpus during ingest' }),
    );
    expect(readRegularFile(file, file, { dev, ino, inside: outside }).toString()).toBe('secret');
  });
});
