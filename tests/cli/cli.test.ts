import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ARTICLE, REPO, tempDir } from '../helpers/fixtures.js';

const run = promisify(execFile);
const BIN = join(REPO, 'bin', 'cited.js');
const indexDir = tempDir();
const env = {
  ...process.env,
  CITED_INDEX_DIR: indexDir,
  CITED_CORPUS_DIR: join(REPO, 'corpus'),
  CITED_LLM: 'extractive',
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
};

const cited = (...args: string[]) => runCli(args, { env });

const raw = readFileSync(ARTICLE, 'utf8');

describe('cited CLI (the built bin, as `npx cited` runs it)', () => {
  beforeAll(async () => {
    const r = await cited('ingest', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ documents: 1, added: 1 });
  });

  it('ask --json prints an Answer with 110 km and a verbatim citation', async () => {
    const r = await cited('ask', '--json', 'How far is Hama from Aleppo?');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a).sort()).toEqual([
      'answer',
      'asOf',
      'citations',
      'mode',
      'refused',
      'shortAnswer',
      'sources',
      'timings',
    ]);
    expect(a.answer).toContain('110km');
    expect(a.refused).toBe(false);
    expect(a.mode).toBe('extractive');
    for (const c of a.citations) {
      expect(Object.keys(c).sort()).toEqual(['chunkId', 'date', 'docId', 'end', 'n', 'quote', 'start', 'title']);
      expect(raw).toContain(c.quote);
    }
    for (const s of a.sources)
      expect(Object.keys(s).sort()).toEqual([
        'chunkId',
        'date',
        'docId',
        'end',
        'n',
        'score',
        'start',
        'text',
        'title',
      ]);
    expect(Object.keys(a.timings).sort()).toEqual(['generateMs', 'retrieveMs', 'totalMs']);
  });

  it('ask --json refuses what the article does not say', async () => {
    const r = await cited('ask', '--json', 'What is the population of Damascus?');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ refused: true, citations: [] });
  });

  it('search --json prints ranked sources', async () => {
    const r = await cited('search', '--json', '--k', '2', 'Aleppo offensive');
    expect(r.code).toBe(0);
    const { results } = JSON.parse(r.stdout);
    expect(results).toHaveLength(2);
    expect(results[0].n).toBe(1);
    expect(results[0].score).toBeGreaterThanOrEqual(results[1].score);
  });

  it('prints a readable answer without --json', async () => {
    const r = await cited('ask', 'Who leads HTS?');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Abu Mohammed al-Jawlani');
    expect(r.stdout).toMatch(/\[\d\] .*\(2024-12-06\)/);
  });

  it('fails with one line on stderr and a non-zero code for bad input', async () => {
    for (const args of [['ask', '--k', '0', 'x'], ['ask', '--k', 'many', 'x'], ['ask'], ['nonsense']]) {
      const r = await cited(...args);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/error|cited:/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('names the variable when configuration is bad', async () => {
    const r = await run('node', [BIN, 'ask', 'x'], { env: { ...env, CITED_EMBEDDINGS: 'magic' } }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^cited: CITED_EMBEDDINGS is invalid/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rebuilds a stale index before answering', async () => {
    const dir = tempDir();
    const r = await run('node', [BIN, 'ask', '--json', 'How many people live in Hama?'], {
      env: { ...env, CITED_INDEX_DIR: dir },
    });
    expect(r.stderr).toMatch(/no index yet/);
    expect(JSON.parse(r.stdout).shortAnswer).toBe('one million');
  });
});

describe('cited serve', () => {
  it('serves, and on SIGTERM finishes and exits 0', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('node', [BIN, 'serve', '--port', '0'], {
      env: { ...env, CITED_INDEX_DIR: tempDir(), CITED_API_KEYS: 'sk-never-log-me' },
    });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    for (let i = 0; i < 200 && !/ready:/.test(log); i++) await new Promise((r) => setTimeout(r, 50));
    const url = /listening on (\S+)/.exec(log)?.[1];
    expect(url).toBeDefined();
    const health = await (await fetch(`${url}/health`)).json();
    for (const key of ['sk-never-log-me', 'sk-wrong-key']) {
      await fetch(`${url}/api/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{"query":"Hama"}',
      });
    }
    expect(health).toMatchObject({ status: 'ok', documents: 1, embeddings: 'local', mode: 'extractive' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toMatch(/SIGTERM: finishing requests in flight/);
    expect(log).not.toMatch(/sk-never-log-me|sk-wrong-key/); // keys, right or wrong, are never logged
  });
});

describe('cited serve --workers', () => {
  it('builds the index once, serves from two workers on one port, and stops them all on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('node', [BIN, 'serve', '--port', '0', '--workers', '2'], {
      env: { ...env, CITED_INDEX_DIR: tempDir(), CITED_RATE_LIMIT: '0' },
    });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    for (let i = 0; i < 300 && (log.match(/ready:/g) ?? []).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    const urls = [...log.matchAll(/listening on (\S+)/g)].map((m) => m[1]);
    expect(urls).toHaveLength(2);
    expect(new Set(urls).size).toBe(1); // one port, shared
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${urls[0]}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"question":"How far is Hama from Aleppo?"}',
        }).then((r) => r.json()),
      ),
    );
    for (const a of answers as { answer: string }[]) expect(a.answer).toContain('110km');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((log.match(/no index yet/g) ?? []).length).toBe(1); // only the primary built it
  });
});

describe('cited serve --help', () => {
  it('says the workers share one rate limit (tests/http/rate-limit-workers.test.ts shows it)', async () => {
    const r = await cited('serve', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'The workers share one rate limit (counted in the primary, or in Redis with CITED_REDIS_URL): ' +
        'CITED_RATE_LIMIT requests a minute in all',
    );
  });
});
