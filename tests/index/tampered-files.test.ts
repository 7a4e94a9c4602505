import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentVersionDir } from '../../src/index/index.js';
import { ingest } from '../../src/ingest/index.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { REPO, corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

const BIN = join(REPO, 'bin', 'cited.js');
/** Far longer than a search on a two-line index takes; an index read that blocks (a FIFO, /dev/zero) is killed then. */
const HANG_MS = 20_000;

/** `cited search` against an index directory, in its own process so that a blocking read cannot stall the tests. */
function search(indexDir: string, corpus: string) {
  const r = spawnSync(process.execPath, [BIN, 'search', 'lighthouse'], {
    env: { ...process.env, CITED_INDEX_DIR: indexDir, CITED_CORPUS_DIR: corpus, CITED_LLM: 'extractive' },
    encoding: 'utf8',
    timeout: HANG_MS,
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

const mkfifo = (path: string) => spawnSync('mkfifo', [path]).status === 0;

describe('a tampered index folder is INDEX_CORRUPT, never a hang, a crash or an index read from elsewhere', () => {
  let corpus: string;
  let pristine: string;
  let otherVersion: string;

  beforeAll(async () => {
    corpus = corpusOf({ 'home.txt': 'The lighthouse was built in 1874.' });
    pristine = tempDir();
    await ingest({ roots: [corpus], indexDir: pristine, embedder: new CountingEmbeddings(wordVectors()) });
    const other = tempDir();
    const elsewhere = corpusOf({ 'intruder.txt': 'An index from somewhere else.' });
    await ingest({ roots: [elsewhere], indexDir: other, embedder: new CountingEmbeddings(wordVectors()) });
    otherVersion = currentVersionDir(other)!;
  }, 60_000);

  /** A copy of the good index, changed by `tamper`. */
  function tampered(tamper: (dir: string, version: string) => void): string {
    const dir = tempDir();
    cpSync(pristine, dir, { recursive: true });
    tamper(dir, readFileSync(join(dir, 'CURRENT'), 'utf8').trim());
    return dir;
  }

  const cases: [string, (dir: string, version: string) => void][] = [
    [
      'CURRENT is a symlink to /dev/zero',
      (dir) => {
        rmSync(join(dir, 'CURRENT'));
        symlinkSync('/dev/zero', join(dir, 'CURRENT'));
      },
    ],
    [
      'CURRENT is a symlink to itself',
      (dir) => {
        rmSync(join(dir, 'CURRENT'));
        symlinkSync('CURRENT', join(dir, 'CURRENT'));
      },
    ],
    [
      'the version CURRENT names is a symlink to another index',
      (dir, version) => {
        rmSync(join(dir, version), { recursive: true });
        symlinkSync(otherVersion, join(dir, version));
      },
    ],
    [
      'the manifest is a symlink to /dev/zero',
      (dir, version) => {
        rmSync(join(dir, version, 'manifest.json'));
        symlinkSync('/dev/zero', join(dir, version, 'manifest.json'));
      },
    ],
  ];
  for (const [name, tamper] of cases) {
    it(name, () => {
      const r = search(tampered(tamper), corpus);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/\[INDEX_CORRUPT\]/);
      expect(r.stderr).not.toMatch(/intruder|somewhere else/);
    });
  }

  it('CURRENT is a FIFO', (ctx) => {
    const dir = tampered(() => {});
    rmSync(join(dir, 'CURRENT'));
    if (!mkfifo(join(dir, 'CURRENT'))) ctx.skip('mkfifo is not available here');
    const r = search(dir, corpus);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/CURRENT is not a regular file.*\[INDEX_CORRUPT\]/);
  });

  it('an untampered copy still serves (the checks refuse only damage)', () => {
    const r = search(
      tampered(() => {}),
      corpus,
    );
    expect(r.status).toBe(0);
  });
});

describe('the writer lock', () => {
  /** Takes and releases the lock of `dir` in a child process (a read that blocks is killed, not waited on). */
  function lockIn(dir: string) {
    const script = join(tempDir(), 'lock.mts');
    const lock = JSON.stringify(join(REPO, 'src', 'index', 'index.ts'));
    writeFileSync(script, `import { acquire } from ${lock};\nacquire(${JSON.stringify(dir)})();\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: HANG_MS,
      cwd: REPO,
    });
    return { status: r.status, signal: r.signal, stderr: r.stderr };
  }

  it('takes over a lock file that is a symlink to /dev/zero left in its place, without reading it', () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, '.lock'));
    expect(lockIn(dir)).toMatchObject({ status: 0, signal: null });
    expect(readdirSync(dir)).not.toContain('.lock');
  });

  it('takes over a lock file that is a FIFO, without waiting on it', (ctx) => {
    const dir = tempDir();
    if (!mkfifo(join(dir, '.lock'))) ctx.skip('mkfifo is not available here');
    expect(lockIn(dir)).toMatchObject({ status: 0, signal: null });
  });

  it('still refuses while a live process holds it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.lock'), String(process.pid));
    const r = lockIn(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/another ingest \(pid \d+\)/);
  });
});
