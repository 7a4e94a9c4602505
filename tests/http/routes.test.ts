import { beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/http/deps.js';
import type { Runtime, RuntimeOptions } from '../../src/main/index.js';
import { articleRuntime } from '../helpers/runtime.js';
import { appFor, json, parseSse, post } from './helpers.js';

let rt: Runtime;
/** Where the runtime reports each answer, for a test that wants to see them (the metrics one). */
let reportAnswer: RuntimeOptions['onAnswer'];
beforeAll(async () => {
  rt = await articleRuntime({}, { onAnswer: (answer, stats) => reportAnswer?.(answer, stats) });
});

/** The runtime's answers, with each stream held back before its first event until `release()`. */
function heldAnswers(): { answers: Answers; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const answers: Answers = {
    ask: (req, signal) => rt.answers.ask(req, signal),
    search: (query, k) => rt.answers.search(query, k),
    async *stream(req, signal) {
      await gate;
      yield* rt.answers.stream(req, signal);
    },
  };
  return { answers, release };
}

const errorOf = async (res: Response) => {
  const body = (await json(res)) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  return body.error;
};

describe('routes', () => {
  it('GET /health reports the index and modes', async () => {
    const res = await appFor(rt).app.request('/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      status: 'ok',
      documents: 1,
      chunks: rt.index().size.chunks,
      embeddings: 'local',
      mode: 'extractive',
    });
  });

  it('GET /api/suggestions gives the starter questions, in OpenAPI', async () => {
    const { app } = appFor(rt);
    const res = await app.request('/api/suggestions');
    expect(res.status).toBe(200);
    const { questions } = (await json(res)) as { questions: string[] };
    expect(questions).toEqual(await rt.starters.questions());
    expect(questions.length).toBeGreaterThanOrEqual(3);
    const spec = await json(await app.request('/openapi.json'));
    expect(spec.paths['/api/suggestions'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Suggestions',
    });
    expect(spec.components.schemas.Suggestions.properties.questions.maxItems).toBe(4);
  });

  it('POST /api/ask answers with the Answer shape', async () => {
    const res = await appFor(rt).app.request('/api/ask', post({ question: 'How far is Hama from Aleppo?', k: 3 }));
    expect(res.status).toBe(200);
    const a = await json(res);
    expect(a).toMatchObject({
      refused: false,
      mode: 'extractive',
      shortAnswer: '110km (70 miles)',
      asOf: '2024-12-06',
    });
    expect(a.sources).toHaveLength(3);
  });

  it('POST /api/ask streams SSE with stream:true or Accept: text/event-stream', async () => {
    const { app } = appFor(rt);
    for (const req of [
      post({ question: 'Who leads HTS?', stream: true }),
      post({ question: 'Who leads HTS?' }, { accept: 'text/event-stream' }),
    ]) {
      const res = await app.request('/api/ask', req);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = parseSse(await res.text());
      const names = events.map((e) => e.event);
      expect(names[0]).toBe('sources');
      expect(names.at(-2)).toBe('citations');
      expect(names.at(-1)).toBe('done');
      expect(names.slice(1, -2).every((n) => n === 'delta')).toBe(true);
      const done = JSON.parse(events.at(-1)!.data);
      expect(
        events
          .filter((e) => e.event === 'delta')
          .map((e) => JSON.parse(e.data).text)
          .join(''),
      ).toBe(done.answer);
    }
  });

  it('sends a heartbeat comment while an answer is being prepared', async () => {
    const held = heldAnswers();
    const { app } = appFor(rt, { heartbeatMs: 1, answers: held.answers });
    const res = await app.request('/api/ask', post({ question: 'Who leads HTS?', stream: true }));
    // Read until a heartbeat arrives; the answer is held back until then, so nothing else can come first.
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/^: keep-alive$/m.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(text).toMatch(/^: keep-alive$/m);
    expect(text).not.toMatch(/^event:/m);
    held.release();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    expect(parseSse(text).at(-1)?.event).toBe('done');
  });

  it('POST /api/search returns ranked sources', async () => {
    const res = await appFor(rt).app.request('/api/search', post({ query: 'Aleppo offensive', k: 2 }));
    const { results } = await json(res);
    expect(results.map((s: { n: number }) => s.n)).toEqual([1, 2]);
  });

  it('GET /api/documents/:id returns the text that citation offsets index into', async () => {
    const { app } = appFor(rt);
    const a = await json(await app.request('/api/ask', post({ question: 'How far is Hama from Aleppo?' })));
    const c = a.citations[0];
    const doc = await json(await app.request(`/api/documents/${c.docId}`));
    expect(Object.keys(doc).sort()).toEqual(['date', 'id', 'text', 'title']);
    expect(doc.text.slice(c.start, c.end)).toBe(c.quote);
  });

  it('POST /v1/chat/completions answers in OpenAI shape with citations', async () => {
    const res = await appFor(rt).app.request(
      '/v1/chat/completions',
      post({ model: 'cited', messages: [{ role: 'user', content: 'How far is Hama from Aleppo?' }] }),
    );
    const body = await json(res);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'cited',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }],
    });
    expect(body.choices[0].message.content).toContain('110km');
    expect(body.citations[0].quote).toContain('110km');
  });

  it('GET /v1/models lists cited', async () => {
    const body = await json(await appFor(rt).app.request('/v1/models'));
    expect(body.object).toBe('list');
    expect(body.data.map((m: { id: string }) => m.id)).toContain('cited');
  });

  it('GET /openapi.json describes every route, with request schemas from the validators', async () => {
    const doc = await json(await appFor(rt).app.request('/openapi.json'));
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/health',
      '/api/ask',
      '/api/search',
      '/api/documents/{id}',
      '/v1/chat/completions',
      '/v1/models',
      '/metrics',
    ])
      expect(doc.paths[p]).toBeDefined();
    expect(doc.components.schemas.AskRequest.properties.question).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 2000,
    });
    expect(doc.components.schemas.AskRequest.properties.k).toMatchObject({ minimum: 1, maximum: 20 });
  });

  it('GET /metrics counts requests by route and status, answers, refusals and modes', async () => {
    const { app, metrics } = appFor(rt);
    reportAnswer = metrics.recordAnswer;
    try {
      await app.request('/api/ask', post({ question: 'What is the population of Damascus?' }));
    } finally {
      reportAnswer = undefined;
    }
    await app.request('/api/ask', post({ question: 'x'.repeat(2001) }));
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/cited_http_requests_total\{route="\/api\/ask",method="POST",status="200"\} 1/);
    expect(text).toMatch(/cited_http_requests_total\{route="\/api\/ask",method="POST",status="400"\} 1/);
    expect(text).toMatch(/cited_http_request_duration_seconds_bucket\{le="[\d.]+",route="\/api\/ask"/);
    expect(text).toMatch(/cited_answers_total\{mode="extractive",refused="true",degraded="false"\} 1/);
    expect(text).toMatch(/cited_refusals_total 1/);
    expect(text).toMatch(/cited_citations_dropped_total 0/);
  });
});

describe('errors: always the Error JSON with the documented status', () => {
  const cases: [string, string, RequestInit, number, string][] = [
    ['malformed JSON', '/api/ask', post('{"question": '), 400, 'INVALID_REQUEST'],
    ['an empty question', '/api/ask', post({ question: '' }), 400, 'INVALID_REQUEST'],
    ['a blank question', '/api/ask', post({ question: '   ' }), 400, 'INVALID_REQUEST'],
    ['a question over 2000 characters', '/api/ask', post({ question: 'x'.repeat(2001) }), 400, 'INVALID_REQUEST'],
    ['a wrong type', '/api/ask', post({ question: 42 }), 400, 'INVALID_REQUEST'],
    ['k out of range', '/api/ask', post({ question: 'q', k: 21 }), 400, 'INVALID_REQUEST'],
    [
      'history over 20 turns',
      '/api/ask',
      post({ question: 'q', history: Array.from({ length: 21 }, () => ({ role: 'user', content: 'x' })) }),
      400,
      'INVALID_REQUEST',
    ],
    [
      'a bad history role',
      '/api/ask',
      post({ question: 'q', history: [{ role: 'system', content: 'x' }] }),
      400,
      'INVALID_REQUEST',
    ],
    ['a JSON array body', '/api/ask', post([1, 2]), 400, 'INVALID_REQUEST'],
    [
      'invalid UTF-8',
      '/api/ask',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      },
      400,
      'INVALID_REQUEST',
    ],
    ['no content type', '/api/ask', { method: 'POST', body: '{"question":"q"}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a form body',
      '/api/ask',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'question=q' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a body over 64 KiB', '/api/ask', post({ question: 'q', pad: 'x'.repeat(70 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown route', '/api/nope', { method: 'GET' }, 404, 'NOT_FOUND'],
    ['an unknown document', '/api/documents/nope', { method: 'GET' }, 404, 'NOT_FOUND'],
    ['path traversal in a document id', '/api/documents/..%2F..%2Fetc%2Fpasswd', { method: 'GET' }, 404, 'NOT_FOUND'],
    ['a wrong method', '/api/ask', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED'],
    [
      'chat without a user message',
      '/v1/chat/completions',
      post({ messages: [{ role: 'system', content: 'x' }] }),
      400,
      'INVALID_REQUEST',
    ],
    ['chat with no messages', '/v1/chat/completions', post({ messages: [] }), 400, 'INVALID_REQUEST'],
    ['search without a query', '/api/search', post({ k: 2 }), 400, 'INVALID_REQUEST'],
  ];

  it.each(cases)('%s → %i', async (_name, path, init, status, code) => {
    const res = await appFor(rt).app.request(path, init);
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
  });

  it('503 with an Error body on /health and /api/* until the index is ready; the rest stays up', async () => {
    const { app } = appFor(rt, { state: () => 'starting' });
    for (const [path, init] of [
      ['/health', {}],
      ['/api/ask', post({ question: 'q' })],
      ['/v1/models', {}],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.status).toBe(503);
      expect((await errorOf(res)).code).toBe('NOT_READY');
    }
    expect((await app.request('/metrics')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
    const draining = appFor(rt, { state: () => 'draining' }).app;
    expect((await errorOf(await draining.request('/api/ask', post({ question: 'q' })))).code).toBe('SHUTTING_DOWN');
  });

  it('500 without a stack trace when something unexpected breaks', async () => {
    const broken = { ...rt, answers: undefined } as unknown as Runtime;
    const { app } = appFor(broken);
    const res = await app.request('/api/search', post({ query: 'x' }));
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: 'INTERNAL', message: 'internal error' });
  });
});

describe('protection', () => {
  it('API keys: 401 without or with a wrong key, 200 with a right one; /health stays open', async () => {
    const { app } = appFor(rt, { security: { apiKeys: ['k-one', 'k-two'] } });
    const ask = (headers: Record<string, string>) =>
      app.request('/api/ask', post({ question: 'Who leads HTS?' }, headers));
    const none = await ask({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(none)).code).toBe('UNAUTHORIZED');
    expect((await ask({ authorization: 'Bearer k-three' })).status).toBe(401);
    expect((await ask({ authorization: 'Bearer k-on' })).status).toBe(401);
    expect((await ask({ authorization: 'Basic k-one' })).status).toBe(401);
    expect((await ask({ authorization: 'Bearer k-two' })).status).toBe(200);
    expect((await app.request('/v1/models', { headers: { authorization: 'Bearer k-one' } })).status).toBe(200);
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/health')).status).toBe(200);
  });

  it('rate limit: 429 with Retry-After past the limit, per key', async () => {
    const { app } = appFor(rt, { security: { rateLimit: 2, apiKeys: ['a', 'b'] } });
    const search = (key: string) =>
      app.request('/api/search', post({ query: 'Hama' }, { authorization: `Bearer ${key}` }));
    expect((await search('a')).status).toBe(200);
    expect((await search('a')).status).toBe(200);
    const limited = await search('a');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe('RATE_LIMITED');
    expect((await search('b')).status).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
  });

  it('rate limit by client address ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const spoof = (app: ReturnType<typeof appFor>['app'], ip: string) =>
      app.request('/api/search', post({ query: 'Hama' }, { 'x-forwarded-for': ip }));
    const strict = appFor(rt, { security: { rateLimit: 1 } }).app;
    expect((await spoof(strict, '1.1.1.1')).status).toBe(200);
    expect((await spoof(strict, '2.2.2.2')).status).toBe(429);
    const trusting = appFor(rt, { security: { rateLimit: 1, trustProxy: { mode: 'hops', hops: 1 } } }).app;
    expect((await spoof(trusting, '1.1.1.1')).status).toBe(200);
    expect((await spoof(trusting, '2.2.2.2')).status).toBe(200);
  });

  it('CORS: only allowlisted origins get access headers, preflight included', async () => {
    const { app } = appFor(rt, { security: { corsOrigins: ['https://news.example'] } });
    const ok = await app.request('/api/search', post({ query: 'Hama' }, { origin: 'https://news.example' }));
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://news.example');
    const preflight = await app.request('/api/ask', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://news.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
  });

  it.each([
    ['with allowed origins', ['https://news.example']],
    ['with none configured', []],
  ])('CORS: another origin gets 403 ORIGIN_NOT_ALLOWED, preflight included, logged once (%s)', async (_, origins) => {
    const logs: string[] = [];
    let asked = 0;
    const answers: Answers = {
      ask: (req, signal) => (asked++, rt.answers.ask(req, signal)),
      stream: (req, signal) => (asked++, rt.answers.stream(req, signal)),
      search: (query, k) => rt.answers.search(query, k),
    };
    const { app } = appFor(rt, { security: { corsOrigins: origins }, answers, log: (m) => logs.push(m) });
    const origin = 'https://evil.example';
    const preflight = await app.request('/api/ask', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(await errorOf(preflight)).toEqual({
      code: 'ORIGIN_NOT_ALLOWED',
      message: 'this site (https://evil.example) is not allowed to use this API',
    });
    // Only the error is readable by the page (so the widget can say why); nothing was answered.
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const request = await app.request('/api/ask', post({ question: 'How far is Hama from Aleppo?' }, { origin }));
    expect(request.status).toBe(403);
    expect((await errorOf(request)).code).toBe('ORIGIN_NOT_ALLOWED');
    expect(asked).toBe(0);
    expect(logs).toEqual(['OPTIONS /api/ask: origin "https://evil.example" is not allowed (CITED_CORS_ORIGINS)']);
  });

  it('CORS: the page on the server’s own origin is not a cross-origin caller', async () => {
    const { app } = appFor(rt);
    const ask = (headers: Record<string, string>) => app.request('/api/search', post({ query: 'Hama' }, headers));
    // app.request serves http://localhost; a browser without Fetch Metadata is compared with that.
    expect((await ask({ origin: 'http://localhost' })).status).toBe(200);
    // Behind a proxy that rewrites Host, the browser's Sec-Fetch-Site says it is the same origin.
    expect((await ask({ origin: 'https://cited.example', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await ask({ origin: 'https://cited.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await ask({})).status).toBe(200); // not a browser's cross-origin request: no Origin
  });
});

describe('guessing keys', () => {
  it('counts wrong keys per client address: 429 once the limit is spent, right keys unaffected elsewhere', async () => {
    const { app } = appFor(rt, { security: { apiKeys: ['good'], rateLimit: 3 } });
    const search = (key: string) =>
      app.request('/api/search', post({ query: 'Hama' }, { authorization: `Bearer ${key}` }));
    for (let i = 0; i < 3; i++) expect((await search(`guess-${i}`)).status).toBe(401);
    const blocked = await search('guess-4');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not count requests that send no key: they are not guesses, and must not lock out a valid key', async () => {
    const { app } = appFor(rt, { security: { apiKeys: ['good'], rateLimit: 3 } });
    const search = (headers: Record<string, string>) => app.request('/api/search', post({ query: 'Hama' }, headers));
    for (let i = 0; i < 5; i++) expect((await search({})).status).toBe(401);
    expect((await search({ authorization: 'Bearer good' })).status).toBe(200);
  });
});
