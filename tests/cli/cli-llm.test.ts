import { execFile } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, REPO, tempDir } from '../helpers/fixtures.js';
import { json, reply, ScriptedOpenAI, sourceWith } from '../helpers/scripted-openai.js';
import type { Recorded } from '../helpers/scripted-openai.js';

const run = promisify(execFile);
const raw = readFileSync(ARTICLE, 'utf8');
let behave: (req: Recorded, res: ServerResponse) => unknown;
const upstream = new ScriptedOpenAI().on('/v1/chat/completions', (req, res) => behave(req, res));
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const baseURL = await upstream.start();
  env = {
    ...process.env,
    OPENAI_BASE_URL: baseURL,
    OPENAI_API_KEY: 'test',
    CITED_LLM: 'auto',
    CITED_LLM_TIMEOUT_MS: '1000',
    CITED_INDEX_DIR: tempDir(),
    CITED_CORPUS_DIR: join(REPO, 'corpus'),
  };
});
afterAll(() => upstream.stop());

const ask = async (q: string) =>
  JSON.parse((await run('node', [join(REPO, 'bin', 'cited.js'), 'ask', '--json', q], { env })).stdout);

describe('`cited ask --json` with OPENAI_BASE_URL set', () => {
  it('answers in LLM mode with only valid, verbatim citations', async () => {
    behave = (req, res) =>
      reply(req, res, `Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}][7].`);
    const a = await ask('How far is Hama from Aleppo?');
    expect(a.mode).toBe('llm');
    expect(a.answer).toContain('110km');
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) {
      expect(a.sources.some((s: { n: number }) => s.n === c.n)).toBe(true);
      expect(raw).toContain(c.quote);
    }
  });

  it.each([
    ['returns 500', (_req: Recorded, res: ServerResponse) => json(res, 500, { error: { message: 'boom' } })],
    ['hangs', () => undefined],
  ])('degrades to the extractive answer when the upstream %s', async (_name, b) => {
    behave = b;
    const t0 = Date.now();
    const a = await ask('How far is Hama from Aleppo?');
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(a).toMatchObject({ mode: 'extractive', degraded: true });
    expect(a.answer).toContain('110km');
  });
});
