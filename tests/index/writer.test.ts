import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { statusOf } from '../../src/http/errors.js';
import { HybridIndex, currentVersionDir, nodeFileOps } from '../../src/index/index.js';
import type { VersionFileOps } from '../../src/index/index.js';
import { checkFreshness, ingest } from '../../src/ingest/index.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { REPO, corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';

const BIN = join(REPO, 'bin', 'cited.js');
const run = promisify(execFile);
const docs = {
  'a.txt': 'The bridge opened in 1932. It spans the river.',
  'b.md': '---\ntitle: Ferry\n---\nThe ferry leaves at noon.',
};
const embedder = () => new CountingEmbeddings(wordVectors());
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
const versions = (dir: string) => readdirSync(dir).filter((f) => /^v-/.test(f));

function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
}

/** Node's file operations, except that the disk is full once `capacity` bytes have been written. */
function fullDiskAfter(capacity: number): VersionFileOps & { written: number } {
  const ops = {
    ...nodeFileOps,
    written: 0,
    write(fd: number, data: Uint8Array | string) {
      const size = Buffer.byteLength(data);
      if (ops.written + size > capacity) throw errnoError('ENOSPC', 'write');
      ops.written += size;
      nodeFileOps.write(fd, data);
    },
  };
  return ops;
}

async function built(files: Record<string, string> = docs) {
  const corpus = corpusOf(files);
  const indexDir = tempDir();
  await ingest({ roots: [corpus], indexDir, embedder: embedder() });
  return { corpus, indexDir };
}

describe('one writer for the whole ingest', () => {
  it('refuses a second ingest in the same process at once, while the first is still reading', async () => {
    const { corpus, indexDir } = await built();
    const first = ingest({ roots: [corpus], indexDir, embedder: embedder(), force: true });
    await expect(ingest({ roots: [corpus], indexDir, embedder: embedder() })).rejects.toMatchObject({
      code: 'INDEX_BUSY',
    });
    await expect(first).resolves.toMatchObject({ documents: 2 });
    await expect(ingest({ roots: [corpus], indexDir, embedder: embedder() })).resolves.toMatchObject({ documents: 2 });
  });

  it('refuses `cited ingest` in another process while an ingest is embedding (not only while it writes)', async () => {
    const { corpus, indexDir } = await built();
    writeFileSync(join(corpus, 'c.txt'), 'The museum reopened in May.');
    // An ingest that holds still in its embedding phase until told to go on: the lock must already be held then.
    const script = join(tempDir(), 'held-ingest.mjs');
    writeFileSync(
      script,
      `
      import { ingest } from ${JSON.stringify(join(REPO, 'dist', 'ingest', 'index.js'))};
      import { LocalEmbeddings, loadWordVectors } from ${JSON.stringify(join(REPO, 'dist', 'embeddings', 'index.js'))};
      const go = new Promise((r) => process.stdin.once('data', r));
      class Held extends LocalEmbeddings {
        async embedVectors(texts) { process.stdout.write('embedding\\n'); await go; return super.embedVectors(texts); }
      }
      const report = await ingest({
        roots: [process.argv[2]],
        indexDir: process.argv[3],
        embedder: new Held(loadWordVectors()),
      });
      process.stdout.write('done ' + report.documents + '\\n');
      process.exit(0);
    `,
    );
    const holder = spawn('node', [script, corpus, indexDir], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const exited = new Promise<number | null>((r) => holder.on('exit', r));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('embedding') && resolve()));
      void exited.then(() => reject(new Error(`the holder exited early: ${out}`)));
    });
    const second = await run('node', [BIN, 'ingest', corpus], {
      env: { ...process.env, CITED_INDEX_DIR: indexDir },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    holder.stdin.write('go\n');
    expect(await exited).toBe(0);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^cited: another ingest \(pid \d+\) is writing .* \[INDEX_BUSY\]\n$/);
    expect(out).toContain('done 3');
    expect(HybridIndex.load(indexDir).document('c')).toBeDefined();
  }, 30_000);

  it('never replaces a CURRENT that moved while it ran (a newer index stays; its own version is dropped)', async () => {
    const { corpus, indexDir } = await built();
    const live = currentVersionDir(indexDir)!;
    // Another writer (one that ignored the lock) swaps in a newer version while this ingest is loading.
    const newer = 'v-zzzzzzzz-abcdef';
    const before = versions(indexDir);
    const sneak = () => {
      cpSync(live, join(indexDir, newer), { recursive: true });
      writeFileSync(join(indexDir, 'CURRENT'), newer);
    };
    const attempt = ingest({
      roots: [corpus],
      indexDir,
      embedder: embedder(),
      force: true,
      onProgress: (phase, done) => phase === 'load' && done === 1 && sneak(),
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'INDEX_BUSY',
      message: expect.stringMatching(/changed while this ingest ran/),
    });
    expect(readFileSync(join(indexDir, 'CURRENT'), 'utf8')).toBe(newer);
    expect(versions(indexDir).sort()).toEqual([...before, newer].sort());
    expect(leftovers(indexDir)).toEqual([]);
  });
});

describe('a full disk or no permission', () => {
  it('removes the failed version, cleans stale ones first, names path and cause; a later ingest succeeds', async () => {
    const { corpus, indexDir } = await built();
    const live = currentVersionDir(indexDir);
    mkdirSync(join(indexDir, 'v-stale-000000.tmp'));
    writeFileSync(join(indexDir, 'v-stale-000000.tmp', 'chunks.bin'), 'half');
    writeFileSync(join(corpus, 'c.txt'), 'The museum reopened in May.');
    const disk = fullDiskAfter(64);
    const failed = ingest({ roots: [corpus], indexDir, embedder: embedder(), fileOps: disk });
    await expect(failed).rejects.toMatchObject({
      code: 'INDEX_WRITE_FAILED',
      message: expect.stringMatching(
        new RegExp(
          `^cannot write the index at ${indexDir}/v-[0-9a-z]+-[0-9a-f]{6}\\.tmp/documents\\.bin: ` +
            `no space left on the device \\(ENOSPC\\)$`,
        ),
      ),
    });
    expect(leftovers(indexDir)).toEqual([]);
    expect(currentVersionDir(indexDir)).toBe(live);
    expect(versions(indexDir)).toEqual([basename(live!)]);
    expect(existsSync(join(indexDir, '.lock'))).toBe(false);
    await expect(ingest({ roots: [corpus], indexDir, embedder: embedder() })).resolves.toMatchObject({ documents: 3 });
    expect(HybridIndex.load(indexDir).document('c')).toBeDefined();
  });

  it('a failure at the very swap (CURRENT) also leaves nothing behind and the old index live', async () => {
    const { corpus, indexDir } = await built();
    const live = currentVersionDir(indexDir);
    const denied: VersionFileOps = {
      ...nodeFileOps,
      rename: (from, to) => {
        if (basename(to) === 'CURRENT') throw Object.assign(errnoError('EACCES', 'rename'), { path: from, dest: to });
        nodeFileOps.rename(from, to);
      },
    };
    await expect(
      ingest({ roots: [corpus], indexDir, embedder: embedder(), force: true, fileOps: denied }),
    ).rejects.toMatchObject({
      code: 'INDEX_WRITE_FAILED',
      message: expect.stringMatching(/CURRENT\.\d+\.tmp: permission denied \(EACCES\)$/),
    });
    expect(currentVersionDir(indexDir)).toBe(live);
    expect(versions(indexDir)).toEqual([basename(live!)]);
    expect(leftovers(indexDir)).toEqual([]);
  });

  it('is a 507 over HTTP: freeing space is needed, not a retry', () => {
    expect(statusOf('INDEX_WRITE_FAILED')).toBe(507);
  });
});

/** A real full disk: a small tmpfs (needs root and permission to mount; skipped, with the reason, otherwise). */
const mountPoint = tempDir('cited-tmpfs-');
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN): the real-ENOSPC test is skipped');
    return false;
  }
})();

describe.skipIf(!mounted)('a really full disk (tmpfs)', () => {
  afterAll(() => {
    execFileSync('umount', [mountPoint]);
  });

  it('ENOSPC mid-write is INDEX_WRITE_FAILED, no leftovers; once space is freed the next ingest works', async () => {
    const corpus = corpusOf(docs);
    const indexDir = join(mountPoint, 'idx');
    await ingest({ roots: [corpus], indexDir, embedder: embedder() });
    const live = currentVersionDir(indexDir);
    writeFileSync(join(corpus, 'c.txt'), 'The museum reopened in May.');
    const filler = join(mountPoint, 'filler');
    const fill = () => {
      try {
        writeFileSync(filler, Buffer.alloc(4 << 20)); // more than the disk holds: it fills it and fails
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
    };
    const failed = ingest({
      roots: [corpus],
      indexDir,
      embedder: embedder(),
      onProgress: (phase) => phase === 'write' && fill(),
    });
    await expect(failed).rejects.toMatchObject({
      code: 'INDEX_WRITE_FAILED',
      message: expect.stringMatching(
        new RegExp(`^cannot write the index at ${indexDir}/\\S+: no space left on the device \\(ENOSPC\\)$`),
      ),
    });
    expect(leftovers(indexDir)).toEqual([]);
    expect(currentVersionDir(indexDir)).toBe(live);
    rmSync(filler);
    await expect(ingest({ roots: [corpus], indexDir, embedder: embedder() })).resolves.toMatchObject({ documents: 3 });
  });
});

describe('CURRENT is confined to the index directory', () => {
  it('refuses a pointer to a version outside or an absolute path as INDEX_CORRUPT; an ingest repairs it', async () => {
    const { indexDir } = await built();
    const { indexDir: outside } = await built({ 'x.txt': 'An index that lives somewhere else.' });
    const elsewhere = currentVersionDir(outside)!;
    for (const name of [relative(indexDir, elsewhere), elsewhere, 'v-abc-123456/../..', '']) {
      writeFileSync(join(indexDir, 'CURRENT'), name);
      expect(() => HybridIndex.load(indexDir), name).toThrow(
        expect.objectContaining({
          code: 'INDEX_CORRUPT',
          message: expect.stringMatching(/CURRENT names ".*", which is not a version directory of this index/),
        }),
      );
      expect(() => checkFreshness(indexDir)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    }
    const corpus = corpusOf(docs);
    await ingest({ roots: [corpus], indexDir, embedder: embedder() });
    expect(HybridIndex.load(indexDir).document('a')).toBeDefined();
  });
});
