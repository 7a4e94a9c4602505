import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

const FIXTURES = join(REPO, 'tests', 'fixtures', 'documents');

const cited = (env: Record<string, string>, ...args: string[]) => runCli(args, { env: { ...process.env, ...env } });

describe('cited ingest reports what it left out', () => {
  it('names every file it left out or read with a caveat, in a folder of mixed types', async () => {
    const outside = corpusOf({ 'secret.txt': 'secret' });
    const corpus = corpusOf({
      'a.txt': 'The bridge opened in 1932.',
      'data.json': '{"bridge": 1932}',
      README: 'Notes for whoever keeps this folder.',
      'empty.txt': '',
      'blank.md': '---\ntitle: Blank\n---\n\n',
    });
    symlinkSync(join(outside, 'secret.txt'), join(corpus, 'leak.txt'));
    writeFileSync(join(corpus, 'blob.txt'), Buffer.from([0, 1, 2, 3]));
    // "Café menu" in Latin-1: é is the single byte 0xE9, which is not UTF-8.
    writeFileSync(join(corpus, 'cafe.txt'), Buffer.from('Café menu. The café opens at 8am.', 'latin1'));
    writeFileSync(join(corpus, 'fake.pdf'), 'not a PDF at all');
    cpSync(join(FIXTURES, 'travel-policy.pdf'), join(corpus, 'policy.pdf'));
    cpSync(join(FIXTURES, 'leave-handbook.docx'), join(corpus, 'handbook.docx'));
    const env = { CITED_INDEX_DIR: tempDir(), CITED_LLM: 'extractive' };
    const text = await cited(env, 'ingest', corpus);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^indexed 4 document\(s\), .*; 7 skipped, 1 with warnings\) → /);
    const at = (name: string) => join(corpus, name);
    const skipped = [
      { path: at('README'), reason: 'unsupported type (no extension)' },
      { path: at('blank.md'), reason: 'empty (no text)' },
      { path: at('blob.txt'), reason: 'unsupported type (a binary file)' },
      { path: at('data.json'), reason: 'unsupported type (.json)' },
      { path: at('empty.txt'), reason: 'empty (no text)' },
      { path: at('fake.pdf'), reason: 'not a PDF file' },
      { path: at('leak.txt'), reason: 'symlink outside the corpus' },
    ];
    const warning = { path: at('cafe.txt'), message: expect.stringMatching(/^not valid UTF-8: read as windows-1252/) };
    expect(lines.slice(1)).toEqual([
      ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
      expect.stringMatching(new RegExp(`^warning ${at('cafe.txt')}: not valid UTF-8`)),
    ]);
    const json = JSON.parse((await cited(env, 'ingest', '--json', corpus)).stdout);
    expect(json.skipped).toEqual(skipped);
    expect(json.warnings).toEqual([warning]);
    // The Latin-1 file is read as what it says, not as U+FFFD mojibake.
    const ask = JSON.parse((await cited(env, 'ask', '--json', 'When does the café open?')).stdout);
    expect(ask.citations[0].quote).toBe('The café opens at 8am.');
  });

  it('a corpus root that is a symlink loop stops with one coded line', async () => {
    const dir = tempDir();
    symlinkSync('loop', join(dir, 'loop'));
    const r = await cited({ CITED_INDEX_DIR: tempDir() }, 'ingest', join(dir, 'loop'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cited: corpus path ${join(dir, 'loop')} is a symlink loop [CORPUS_UNREADABLE]\n`);
  });
});
