import { execFile } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

const run = promisify(execFile);
const BIN = join(REPO, 'bin', 'cited.js');

async function cited(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { env: { ...process.env, ...env }, cwd: REPO });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('cited ingest reports what it left out', () => {
  it('prints one line per skipped file, and --json lists them with their reasons', async () => {
    const outside = corpusOf({ 'secret.txt': 'secret' });
    const corpus = corpusOf({ 'a.txt': 'The bridge opened in 1932.' });
    symlinkSync(join(outside, 'secret.txt'), join(corpus, 'leak.txt'));
    writeFileSync(join(corpus, 'blob.txt'), Buffer.from([0, 1, 2, 3]));
    const env = { CITED_INDEX_DIR: tempDir(), CITED_LLM: 'extractive' };
    const text = await cited(env, 'ingest', corpus);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^indexed 1 document\(s\), .*; 2 skipped\) → /);
    expect(lines.slice(1)).toEqual([
      `skipped ${join(corpus, 'leak.txt')}: symlink outside the corpus`,
      `skipped ${join(corpus, 'blob.txt')}: binary`,
    ]);
    const json = await cited(env, 'ingest', '--json', corpus);
    expect(JSON.parse(json.stdout).skipped).toEqual([
      { path: join(corpus, 'leak.txt'), reason: 'symlink outside the corpus' },
      { path: join(corpus, 'blob.txt'), reason: 'binary' },
    ]);
  });

  it('a corpus root that is a symlink loop stops with one coded line', async () => {
    const dir = tempDir();
    symlinkSync('loop', join(dir, 'loop'));
    const r = await cited({ CITED_INDEX_DIR: tempDir() }, 'ingest', join(dir, 'loop'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cited: corpus path ${join(dir, 'loop')} is a symlink loop [CORPUS_UNREADABLE]\n`);
  });
});
