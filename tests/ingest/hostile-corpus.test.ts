import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFreshness, ingest, MAX_CHUNK_CHARS, MAX_DOCUMENT_BYTES, scanCorpus } from '../../src/ingest/index.js';
import type { HybridIndex } from '../../src/index/index.js';
import type { IngestReport } from '../../src/ingest/index.js';
import { CountingEmbeddings } from '../helpers/counting-embeddings.js';
import { REPO, corpusOf, tempDir, wordVectors } from '../helpers/fixtures.js';
import { servedUrl, spawnServe } from '../helpers/served-cli.js';
import type { ServedCli } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');

const token = (label: string) => `${label}${randomBytes(8).toString('hex')}`;
const SECRET = token('vaultsecret');
const ENV_TOKEN = token('envtoken');
const API_KEY = `sk-${token('hostilekey')}`;

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const FIFO = hasMkfifo();

/**
 * Everything an attacker who can write into the corpus folder might put there, beside a few good documents.
 * The names sort so that "b-vanish.txt" is loaded right after "a-first.txt" (it is removed in between).
 */
function hostileCorpus(): { corpus: string; outside: string } {
  const outside = corpusOf({ 'secret.txt': `The vault code is ${SECRET}. Keep it safe.` });
  const corpus = corpusOf({
    'a-first.txt': 'The harbour reopened on Monday after the storm. Ferries leave at noon.',
    'b-vanish.txt': 'This file is removed while the ingest runs.',
    'notes.md': '---\ntitle: Opening hours\n---\nThe library opens at nine on weekdays.',
    'bad.md': '---\ntitle: [unclosed\n---\nNever indexed.',
    'sub/inner.txt': 'The bakery on Main Street sells rye bread.',
  });
  writeFileSync(join(corpus, 'latin1.txt'), Buffer.from('Café policy: the café serves tea until six.', 'latin1'));
  writeFileSync(join(corpus, 'binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 0x41, 0x42]));
  // 5 MB with no full stop: it must be indexed, in chunks no longer than any other.
  writeFileSync(join(corpus, 'long.txt'), 'alpha beta gamma delta epsilon zeta eta theta '.repeat(110_000));
  // Sparse, so it takes no disk: only its size is over the cap.
  writeFileSync(join(corpus, 'huge.txt'), '');
  truncateSync(join(corpus, 'huge.txt'), MAX_DOCUMENT_BYTES + 1);
  symlinkSync(join(outside, 'secret.txt'), join(corpus, 'secret.txt'));
  symlinkSync(outside, join(corpus, 'outdir'));
  symlinkSync('/proc/self/environ', join(corpus, 'env.txt'));
  symlinkSync('/dev/zero', join(corpus, 'zero.txt'));
  symlinkSync('.', join(corpus, 'a'));
  symlinkSync('..', join(corpus, 'sub', 'up'));
  symlinkSync('/nonexistent/cited/nothing.txt', join(corpus, 'dangling.txt'));
  symlinkSync('loop2.txt', join(corpus, 'loop1.txt'));
  symlinkSync('loop1.txt', join(corpus, 'loop2.txt'));
  if (FIFO) execFileSync('mkfifo', [join(corpus, 'pipe.txt')]);
  return { corpus, outside };
}

type Served = ServedCli & { url: string };

/** `cited serve` in its own process, whose /proc/self/environ holds the tokens (as a real server's key would). */
async function serve(corpus: string, indexDir: string): Promise<Served> {
  const env = { CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDir, CITED_RATE_LIMIT: '0' };
  const served = spawnServe(BIN, [], { ...env, OPENAI_API_KEY: API_KEY, CITED_HOSTILE_TOKEN: ENV_TOKEN });
  return { ...served, url: await servedUrl(served, /ready:/) };
}

describe('a hostile corpus', () => {
  let corpus: string;
  let indexDir: string;
  let vanished: string;
  let report: IngestReport<HybridIndex>;
  let server: Served | undefined;

  beforeAll(async () => {
    ({ corpus } = hostileCorpus());
    indexDir = tempDir();
    const listed = scanCorpus([corpus]).files;
    vanished = listed[1].path;
    expect(vanished).toBe(join(corpus, 'b-vanish.txt'));
    report = await ingest({
      roots: [corpus],
      indexDir,
      embedder: new CountingEmbeddings(wordVectors()),
      // Once the first file is loaded, the next one disappears, as if deleted by someone else mid-ingest.
      onProgress: (phase, done) => {
        if (phase === 'load' && done === 1) rmSync(vanished);
      },
    });
  }, 60_000);

  afterAll(() => {
    server?.child.kill();
  });

  it('indexes the good documents, Latin-1 decoded as such, and a 5 MB line without a full stop', () => {
    const ids = report.index.contents.documents.map((d) => d.id).sort();
    expect(ids).toEqual(['a-first', 'latin1', 'long', 'notes-md', 'sub-inner']);
    expect(report.index.document('latin1')!.text).toMatch(/^Café policy/);
    expect(report.index.document('latin1')!.text).not.toContain('\uFFFD');
    const long = report.index.contents.chunks.filter((c) => c.docId === 'long');
    expect(long.length).toBeGreaterThan(5_000_000 / MAX_CHUNK_CHARS);
    expect(long.filter((c) => c.text.length > MAX_CHUNK_CHARS)).toEqual([]);
  });

  it('reports every bad file with its reason', () => {
    const at = (name: string) => join(corpus, name);
    const expected = [
      { path: at('secret.txt'), reason: 'symlink outside the corpus' },
      { path: at('outdir'), reason: 'symlink outside the corpus' },
      { path: at('env.txt'), reason: 'system file (/proc, /sys, /dev)' },
      { path: at('zero.txt'), reason: 'system file (/proc, /sys, /dev)' },
      { path: at('a'), reason: 'loop' },
      { path: at('sub/up'), reason: 'loop' },
      { path: at('loop1.txt'), reason: 'loop' },
      { path: at('loop2.txt'), reason: 'loop' },
      { path: at('dangling.txt'), reason: 'dangling symlink' },
      { path: at('binary.txt'), reason: 'unsupported type (a binary file)' },
      { path: at('huge.txt'), reason: 'too large (over 16 MB; CITED_MAX_FILE_MB sets the limit)' },
      { path: vanished, reason: 'vanished during ingest' },
      { path: at('bad.md'), reason: expect.stringMatching(/^front matter is not valid YAML/) },
      ...(FIFO ? [{ path: at('pipe.txt'), reason: 'not a regular file' }] : []),
    ];
    expect(report.skipped).toEqual(expect.arrayContaining(expected));
    expect(report.skipped).toHaveLength(expected.length);
    if (!FIFO) console.warn('mkfifo is not installed: the FIFO case was not checked');
  });

  it('stays fresh: a link to /proc/self/environ no longer makes the index stale on every start', () => {
    expect(checkFreshness(indexDir).state).toBe('fresh');
  });

  it('serves no secret from outside the corpus through documents, search or ask', async () => {
    server = await serve(corpus, indexDir);
    // Another process has another environ: before, the link made every start re-ingest ("index is stale").
    expect(server.log()).not.toMatch(/stale|ingesting/);
    const ids = [
      ...report.index.contents.documents.map((d) => d.id),
      // The ids a naive walker would have given the bad files.
      'env',
      'secret',
      'outdir-secret',
      'zero',
      'proc-self-environ',
      'a-a-first',
      'sub-up-a-first',
      'pipe',
      'binary',
      'huge',
      'dangling',
      'loop1',
      'b-vanish',
      'bad-md',
    ];
    const bodies: string[] = [];
    for (const id of ids) bodies.push(await (await fetch(`${server.url}/api/documents/${id}`)).text());
    // Never the tokens themselves: an answer may quote the question back. An attacker does not know them anyway.
    for (const q of [
      'OPENAI_API_KEY',
      'CITED_HOSTILE_TOKEN',
      'What is the vault code?',
      'vaultsecret',
      'envtoken',
      'hostilekey sk',
    ]) {
      const post = (path: string, body: object) =>
        fetch(`${server!.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const search = await post('/api/search', { query: q, k: 20 });
      const ask = await post('/api/ask', { question: q });
      expect([search.status, ask.status]).toEqual([200, 200]);
      bodies.push(await search.text(), await ask.text());
    }
    const served = bodies.join('\n');
    expect(served).toContain('Café policy'); // the check reads real content
    for (const secret of [SECRET, ENV_TOKEN, API_KEY, 'OPENAI_API_KEY=', 'CITED_HOSTILE_TOKEN='])
      expect(served).not.toContain(secret);
  }, 40_000);
});
