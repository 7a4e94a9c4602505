import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main/index.js';
import type { RunningServer } from '../../src/main/index.js';
import { ARTICLE, corpusOf, tempDir } from '../helpers/fixtures.js';
import { reply, replyEmbeddings, ScriptedOpenAI, sourceWith } from '../helpers/scripted-openai.js';
import { startTestServer } from '../helpers/server.js';
import { readFileSync } from 'node:fs';
import { json, parseSse } from './helpers.js';

const article = readFileSync(ARTICLE, 'utf8');

describe('a real listening server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ CITED_API_KEYS: 'secret-key' });
  });
  afterAll(() => server.close());

  const client = () => new OpenAI({ apiKey: 'secret-key', baseURL: `${server.url}/v1`, maxRetries: 0 });

  it('answers the official openai client, non-streaming, with citations', async () => {
    const completion = await client().chat.completions.create({
      model: 'cited',
      messages: [{ role: 'user', content: 'How far is Hama from Aleppo?' }],
    });
    expect(completion.choices[0].message.content).toContain('110km');
    const citations = (completion as unknown as { citations: { quote: string }[] }).citations;
    expect(citations[0].quote).toContain('110km');
    expect((await client().models.list()).data.map((m) => m.id)).toContain('cited');
  });

  it('streams to the official openai client, with citations on the last chunk', async () => {
    const stream = await client().chat.completions.create({
      model: 'cited',
      stream: true,
      messages: [
        { role: 'user', content: 'How many people live in Hama?' },
        { role: 'assistant', content: 'One million [1].' },
        { role: 'user', content: 'And how far is it from Aleppo?' },
      ],
    });
    let text = '';
    let last: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      last = chunk;
    }
    expect(text).toContain('110km');
    expect((last as { choices: { finish_reason: string }[] }).choices[0].finish_reason).toBe('stop');
    expect((last as { citations: { quote: string }[] }).citations[0].quote).toContain('110km');
  });

  it('streams /api/ask as SSE to a bare client: ordered events, citations verbatim in /api/documents/:id', async () => {
    const headers = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: 'Bearer secret-key',
    };
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ question: 'Who leads HTS?' }),
    });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('sources');
    expect(names.slice(-2)).toEqual(['citations', 'done']);
    const done = JSON.parse(events.at(-1)!.data);
    expect(done.citations.length).toBeGreaterThan(0);
    for (const c of done.citations) {
      const doc = await json(await fetch(`${server.url}/api/documents/${c.docId}`, { headers }));
      expect(doc.text.slice(c.start, c.end)).toBe(c.quote);
      expect(article).toContain(c.quote);
    }
  });

  it('refuses without the key', async () => {
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"question":"q"}',
    });
    expect(res.status).toBe(401);
  });
});

describe('server lifecycle', () => {
  it('answers 503 on /health while the index is built, then 200', async () => {
    // The index cannot be built before the embedding upstream answers, and it answers only once /health was asked.
    let asked!: () => void;
    const healthAsked = new Promise<void>((resolve) => (asked = resolve));
    const upstream = new ScriptedOpenAI().on('/v1/embeddings', async (req, res) => {
      await healthAsked;
      replyEmbeddings(req, res);
    });
    const config = loadConfig({
      PORT: '0',
      CITED_INDEX_DIR: tempDir(),
      CITED_CORPUS_DIR: corpusOf({ 'a.txt': 'The bridge opened in 1932.' }),
      CITED_LLM: 'extractive',
      CITED_EMBEDDINGS: 'openai',
      OPENAI_BASE_URL: await upstream.start(),
    });
    const server = await startServer(config);
    try {
      const early = await fetch(`${server.url}/health`);
      asked();
      expect(early.status).toBe(503);
      expect((await json(early)).error.code).toBe('NOT_READY');
      await server.ready;
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
      await upstream.stop();
    }
  });

  it('on close, finishes the request in flight and refuses new ones', async () => {
    // The answer is in flight for as long as the LLM upstream holds it: until the server has begun to close.
    let started!: () => void;
    const asking = new Promise<void>((resolve) => (started = resolve));
    let closing!: () => void;
    const closed = new Promise<void>((resolve) => (closing = resolve));
    const upstream = new ScriptedOpenAI().on('/v1/chat/completions', async (req, res) => {
      started();
      await closed;
      await reply(req, res, `Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}].`);
    });
    const server = await startTestServer({ CITED_LLM: 'llm', OPENAI_BASE_URL: await upstream.start() });
    try {
      const inFlight = fetch(`${server.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"question":"How far is Hama from Aleppo?"}',
      });
      await asking;
      const closeDone = server.close();
      closing();
      const res = await inFlight;
      expect(res.status).toBe(200);
      const answer = await json(res);
      expect(answer.mode).toBe('llm'); // the held upstream answered: the request was in flight all along
      expect(answer.answer).toContain('110km');
      await closeDone;
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    } finally {
      await server.close();
      await upstream.stop();
    }
  });

  it('swaps in a re-ingested index without failing requests, and answers from the new documents', async () => {
    const corpus = corpusOf({ 'hama.txt': article });
    const server = await startTestServer({ CITED_CORPUS_DIR: corpus }, { watchIntervalMs: 50 });
    try {
      let failures = 0;
      let running = true;
      const load = (async () => {
        while (running) {
          const r = await fetch(`${server.url}/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"question":"How far is Hama from Aleppo?"}',
          });
          if (r.status !== 200) failures++;
          await r.arrayBuffer();
        }
      })();
      writeFileSync(
        join(corpus, 'port.txt'),
        'date 2024-05-01\nThe harbour of Tartus reopened on Monday after repairs costing 12 million dollars.',
      );
      await server.reingest();
      const a = await json(
        await fetch(`${server.url}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"question":"How much did the Tartus harbour repairs cost?"}',
        }),
      );
      running = false;
      await load;
      expect(failures).toBe(0);
      expect(a.answer).toContain('12 million');
      expect((await json(await fetch(`${server.url}/health`))).documents).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('picks up an index written by another process (`cited ingest`)', async () => {
    const corpus = corpusOf({ 'hama.txt': article });
    const server = await startTestServer({ CITED_CORPUS_DIR: corpus }, { watchIntervalMs: 50 });
    try {
      writeFileSync(join(corpus, 'port.txt'), 'The harbour of Tartus reopened on Monday.');
      const other = await startTestServer({
        CITED_CORPUS_DIR: corpus,
        CITED_INDEX_DIR: server.runtime.config.indexDir,
      });
      await other.close();
      let documents = 1;
      for (let i = 0; i < 60 && documents < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        documents = (await json(await fetch(`${server.url}/health`))).documents;
      }
      expect(documents).toBe(2);
    } finally {
      await server.close();
    }
  });
});
