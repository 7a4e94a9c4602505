import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Runtime } from '../../src/main/index.js';
import { REPO, tempDir, wordVectors } from '../helpers/fixtures.js';
import { json, ScriptedOpenAI, toyEmbedding } from '../helpers/scripted-openai.js';

describe('Runtime with OpenAI embeddings (scripted upstream over real HTTP)', () => {
  const upstream = new ScriptedOpenAI();
  let baseURL = '';
  beforeAll(async () => {
    upstream.on('/v1/embeddings', (req, res) => {
      const { input, encoding_format } = req.body as { input: string[]; encoding_format?: string };
      const data = input.map((t, index) => {
        const v = toyEmbedding(t, 16);
        return {
          object: 'embedding',
          index,
          embedding: encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
        };
      });
      json(res, 200, { object: 'list', data, model: 'toy', usage: { prompt_tokens: 1, total_tokens: 1 } });
    });
    baseURL = await upstream.start();
  });
  afterAll(() => upstream.stop());

  const configFor = (indexDir: string, embeddings: 'local' | 'openai') =>
    loadConfig({
      CITED_CORPUS_DIR: join(REPO, 'corpus'),
      CITED_INDEX_DIR: indexDir,
      CITED_EMBEDDINGS: embeddings,
      OPENAI_BASE_URL: baseURL,
      CITED_LLM: 'extractive',
      CITED_EMBEDDING_MODEL: 'toy-embed',
    });

  it('ingests and answers with the configured embedder, recording it in the index', async () => {
    const dir = tempDir();
    const rt = new Runtime(configFor(dir, 'openai'), wordVectors());
    await rt.ensureIndex();
    expect(rt.index().embedder).toEqual({ name: 'openai', model: 'toy-embed', dims: 16 });
    const a = await rt.answers.ask({ question: 'How far is Hama from Aleppo?' });
    expect(a.answer).toContain('110km');
  });

  it('refuses to query an index built by another embedder, and says how to fix it', async () => {
    const dir = tempDir();
    await new Runtime(configFor(dir, 'local'), wordVectors()).ensureIndex();
    const rt = new Runtime(configFor(dir, 'openai'), wordVectors());
    await expect(rt.ensureIndex()).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
      message: expect.stringMatching(/run `cited ingest`/),
    });
    // `cited ingest` is that fix: it rebuilds with the configured embedder.
    await rt.ingest();
    expect((await new Runtime(configFor(dir, 'openai'), wordVectors()).ensureIndex()).embedder.name).toBe('openai');
  });
});

describe('Runtime on an index written by an older cited', () => {
  it('rebuilds it from the same roots instead of refusing to start', async () => {
    const { readFileSync, writeFileSync, cpSync } = await import('node:fs');
    const { currentVersionDir } = await import('../../src/index/index.js');
    const corpus = tempDir();
    cpSync(join(REPO, 'corpus'), corpus, { recursive: true });
    const indexDir = tempDir();
    const config = loadConfig({
      CITED_CORPUS_DIR: join(REPO, 'corpus'),
      CITED_INDEX_DIR: indexDir,
      CITED_LLM: 'extractive',
    });
    const first = new Runtime(config, wordVectors());
    await first.ingest([corpus]);
    const manifest = join(currentVersionDir(indexDir)!, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), formatVersion: 1 }));

    const logs: string[] = [];
    const rt = new Runtime(config, wordVectors(), { log: (m) => logs.push(m) });
    await rt.ensureIndex();
    expect(logs.join('\n')).toMatch(/index format 1 is older than 2/);
    const rebuilt = JSON.parse(readFileSync(join(currentVersionDir(indexDir)!, 'manifest.json'), 'utf8'));
    expect(rebuilt.formatVersion).toBe(2);
    expect(rebuilt.roots).toEqual([corpus]);
    expect((await rt.answers.ask({ question: 'How far is Hama from Aleppo?' })).answer).toContain('110km');
  });
});
