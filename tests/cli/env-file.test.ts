import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config.js';
import { runCli } from '../helpers/cli.js';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

/** The test's own environment without any setting `cited` reads, so only the .env file and `env` decide. */
function cleanEnv(env: Record<string, string>): Record<string, string | undefined> {
  const names = new Set(Object.keys(envSchema.shape));
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !names.has(k))), ...env };
}

/** The built CLI run in `cwd`, where its .env is. */
const citedIn = (cwd: string, env: Record<string, string>, ...args: string[]) =>
  runCli(args, { env: cleanEnv(env), cwd });

const firstDocId = (stdout: string) => (JSON.parse(stdout) as { results: { docId: string }[] }).results[0]?.docId;

describe('.env in the current folder', () => {
  const lighthouse = corpusOf({ 'lighthouse.txt': 'The lighthouse was built in 1874.' });
  const ferry = corpusOf({ 'ferry.txt': 'The ferry to the island leaves at noon.' });

  it('sets what the environment does not, and the environment wins over it', async () => {
    const dir = tempDir('cited-dotenv-');
    writeFileSync(join(dir, '.env'), `# this folder's settings\nCITED_CORPUS_DIR=${lighthouse}\nCITED_INDEX_DIR=idx\n`);
    const fromFile = await citedIn(dir, {}, 'search', '--json', 'when was it built');
    expect(fromFile.code).toBe(0);
    expect(firstDocId(fromFile.stdout)).toBe('lighthouse');
    expect(existsSync(join(dir, 'idx', 'CURRENT'))).toBe(true); // a relative path in .env is the folder's

    const env = { CITED_CORPUS_DIR: ferry, CITED_INDEX_DIR: tempDir() };
    const overridden = await citedIn(dir, env, 'search', '--json', 'when does it leave');
    expect(overridden.code).toBe(0);
    expect(firstDocId(overridden.stdout)).toBe('ferry');
  });

  it('works as a copy of .env.example, as the README says', async () => {
    const dir = tempDir('cited-dotenv-');
    mkdirSync(join(dir, 'corpus'));
    copyFileSync(join(lighthouse, 'lighthouse.txt'), join(dir, 'corpus', 'lighthouse.txt'));
    copyFileSync(join(REPO, '.env.example'), join(dir, '.env'));
    const r = await citedIn(dir, {}, 'search', '--json', 'when was it built');
    expect(r.code).toBe(0);
    expect(firstDocId(r.stdout)).toBe('lighthouse');
    expect(existsSync(join(dir, '.cited', 'index', 'CURRENT'))).toBe(true);
  });

  it('a line that is not NAME=value, or an unclosed quote, stops with one line naming it, never its text', async () => {
    const cases: [string, string][] = [
      ['CITED_LLM=extractive\nPORT 9000\n', 'cited: .env, line 2: not NAME=value (a comment starts with #)'],
      [
        '# key\nOPENAI_API_KEY="sk-secret-123\nPORT=9000\n',
        'cited: .env, line 2: a value opened with " is never closed',
      ],
    ];
    for (const [text, message] of cases) {
      const dir = tempDir('cited-dotenv-');
      writeFileSync(join(dir, '.env'), text);
      const r = await citedIn(dir, {}, 'ask', 'x');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${message} [CONFIG_INVALID]\n`);
    }
  });

  it('a .env that is not a file stops with one line', async () => {
    const dir = tempDir('cited-dotenv-');
    mkdirSync(join(dir, '.env'));
    const r = await citedIn(dir, {}, 'ask', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cited: cannot read .env (not a file): fix or remove it [CONFIG_INVALID]\n');
  });
});

describe('.env.example', () => {
  it('names every setting cited reads, and nothing else, with values the settings accept', () => {
    const example = parseEnv(readFileSync(join(REPO, '.env.example'), 'utf8'));
    expect(Object.keys(example).sort()).toEqual(Object.keys(envSchema.shape).sort());
    expect(() => loadConfig(example)).not.toThrow();
  });
});
