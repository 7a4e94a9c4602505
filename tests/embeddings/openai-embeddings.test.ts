import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIEmbeddings } from '../../src/embeddings/index.js';
import { json, ScriptedOpenAI, toyEmbedding } from '../helpers/scripted-openai.js';

describe('OpenAIEmbeddings against a scripted OpenAI-compatible server', () => {
  const upstream = new ScriptedOpenAI();
  let baseURL = '';
  let fail = false;
  beforeAll(async () => {
    upstream.on('/v1/embeddings', (req, res) => {
      if (fail) return json(res, 500, { error: { message: 'boom' } });
      const { input, encoding_format } = req.body as { input: string[]; encoding_format?: string };
      const encode = (v: number[]) =>
        encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
      // Out of order on purpose: the client must sort by index.
      const data = input
        .map((t, index) => ({ object: 'embedding', index, embedding: encode(toyEmbedding(t)) }))
        .reverse();
      json(res, 200, { object: 'list', data, model: 'toy', usage: { prompt_tokens: 1, total_tokens: 1 } });
    });
    baseURL = await upstream.start();
  });
  afterAll(() => upstream.stop());

  const make = () =>
    new OpenAIEmbeddings({
      client: new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 }),
      model: 'toy',
      batchSize: 3,
    });

  it('embeds in batches, keeps input order, normalises, and learns the dimension', async () => {
    upstream.requests.length = 0;
    const e = make();
    const texts = ['aaa', 'bbb', 'abab', 'ccc', 'a', 'zzz', 'hello'];
    const vs = await e.embedVectors(texts);
    expect(upstream.requests.filter((r) => r.url.endsWith('/embeddings'))).toHaveLength(3);
    expect((upstream.requests[0].body as { input: string[] }).input).toEqual(['aaa', 'bbb', 'abab']);
    expect(vs).toHaveLength(7);
    expect(Array.from(vs[0])).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(e.info()).toEqual({ name: 'openai', model: 'toy', dims: 8 });
  });

  it('turns an upstream failure into a typed error', async () => {
    fail = true;
    await expect(make().embedVectors(['x'])).rejects.toMatchObject({ code: 'EMBEDDINGS_FAILED' });
    fail = false;
  });
});
