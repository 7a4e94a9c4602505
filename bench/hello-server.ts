/**
 * The floor for part 3: a Hono hello-world on @hono/node-server (the same server stack `cited serve` uses),
 * answering POST /api/ask with a constant JSON body. Prints "listening on URL" on stderr.
 *   node --import tsx bench/hello-server.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));
app.post('/api/ask', async (c) => {
  await c.req.json(); // parse the body like the real route does, so both sides pay for it
  return c.json({ answer: 'Hello, world.' });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stderr.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
