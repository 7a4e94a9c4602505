import { Hono } from 'hono';
import { CitedError } from '../../errors.js';
import { requireJson, validJson } from '../body.js';
import type { AppEnv, HttpDeps } from '../deps.js';
import { askRequest, searchRequest } from '../schemas.js';
import { streamAnswer } from '../sse.js';

/** /api: ask (JSON or SSE), search, suggestions, documents. */
export function apiRoutes(deps: HttpDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.post('/ask', requireJson, validJson(askRequest), async (c) => {
    const body = c.req.valid('json');
    const req = { question: body.question, history: body.history, k: body.k };
    const wantsStream = body.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    const answers = deps.answers();
    if (wantsStream) return streamAnswer(c, (signal) => answers.stream(req, signal), deps.heartbeatMs ?? 15_000);
    return c.json(await answers.ask(req, c.req.raw.signal));
  });

  api.post('/search', requireJson, validJson(searchRequest), async (c) => {
    const { query, k } = c.req.valid('json');
    return c.json({ results: await deps.answers().search(query, k) });
  });

  api.get('/suggestions', async (c) => c.json({ questions: await deps.starters() }));

  api.get('/documents/:id', (c) => {
    const id = c.req.param('id');
    const doc = deps.document(id);
    if (!doc) throw new CitedError('NOT_FOUND', `no document with id ${JSON.stringify(id.slice(0, 100))}`);
    const { title, date, url, text } = doc;
    return c.json({ id: doc.id, title, ...(date ? { date } : {}), ...(url ? { url } : {}), text });
  });

  return api;
}
