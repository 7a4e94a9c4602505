import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { secureHeaders } from 'hono/secure-headers';
import type { Context, MiddlewareHandler } from 'hono';
import { CitedError } from '../errors.js';
import { VERSION } from '../version.js';
import type { AppEnv, HttpDeps } from './deps.js';
import { clientAborted, fromUnknown, isPeerGone, sendError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { documentRoutes } from './routes/documents.js';
import { apiRoutes } from './routes/api.js';
import { openaiRoutes } from './routes/openai.js';
import { FailureLimit, bearerAuth, clientOf, originGuard, rateLimit } from './security.js';
import { memoryCounters } from './window-counter.js';

const MAX_BODY = 64 * 1024;

/**
 * Hono's secure headers with only `X-Content-Type-Options: nosniff` on, the one header this server sends on every
 * response. Its other defaults do not fit a server that embeds on other sites and usually runs on plain HTTP:
 * Cross-Origin-Resource-Policy same-origin would stop other sites loading /widget.js, X-Frame-Options would stop
 * them framing the chat page, HSTS belongs to the TLS proxy in front, and the rest would change responses that
 * clients already rely on. Switching one on is a deliberate change of its own.
 */
const SECURE_HEADERS = {
  xContentTypeOptions: true,
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/**
 * A known path asked with a method it does not answer: 405 with `Allow` and the typed error body. An OPTIONS
 * that the CORS middleware did not answer (no origins configured, or a path outside the API) stays the 404 it
 * was: the server offers no OPTIONS of its own.
 */
const notAllowed = (c: Context<AppEnv>, methods: string[]): Response => {
  if (c.req.method === 'OPTIONS') return c.res;
  const path = c.req.path.slice(0, 200);
  return sendError(
    c,
    new CitedError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${path}; use ${methods.join(' or ')}`),
    { Allow: methods.join(', ') },
  );
};

/** The Hono app: routes, validation, protection and error mapping. Knows rag/, never the index. */
export function createApp(deps: HttpDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { security } = deps;

  app.use('*', deps.metrics.middleware());
  app.use('*', secureHeaders(SECURE_HEADERS));
  // Reads the routes registered below when the first request comes: every route this app answers.
  app.use('*', methodNotAllowed({ app, onMethodNotAllowed: notAllowed }));
  const log = deps.log ?? ((m: string) => process.stderr.write(`cited: ${m}\n`));
  app.onError((e, c) => {
    // A reset socket in the chain could be an upstream's; it is the client's only if the client has left too.
    const gone = !(e instanceof CitedError) && c.req.raw.signal.aborted && isPeerGone(e);
    const err = gone ? clientAborted(e) : fromUnknown(e);
    const where = `${c.req.method} ${c.req.path.slice(0, 200)}`;
    if (err.code === 'ABORTED') log(`${where}: ABORTED (499), ${err.message}`);
    else if (err.code === 'INTERNAL') log(`internal error on ${where}: ${e.stack ?? e}`);
    return sendError(c, err);
  });
  app.notFound((c) =>
    sendError(c, new CitedError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path.slice(0, 200)}`)),
  );

  const ready: MiddlewareHandler<AppEnv> = async (_c, next) => {
    const state = deps.state();
    if (state === 'starting') throw new CitedError('NOT_READY', 'the index is still being built; try again shortly');
    if (state === 'draining') throw new CitedError('SHUTTING_DOWN', 'the server is shutting down');
    await next();
  };
  // First, so a site that may not call the API learns so before any key, limit or readiness check.
  const guarded: MiddlewareHandler<AppEnv>[] = [originGuard(security.corsOrigins, log)];
  if (security.corsOrigins.length) {
    guarded.push(
      cors({
        origin: (origin) => (security.corsOrigins.includes(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
        exposeHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining'],
        maxAge: 600,
      }),
    );
  }
  const client = clientOf(security.trustProxy);
  const perMinute = security.rateLimit;
  const counters = deps.counters ?? memoryCounters;
  if (security.apiKeys.length) {
    // An admin key may ask as well: the document API's own check then tells the two kinds apart.
    const keys = [...security.apiKeys, ...security.adminKeys];
    guarded.push(bearerAuth(keys, new FailureLimit(perMinute, client, counters('wrong-keys', perMinute))));
  }
  guarded.push(rateLimit({ perMinute, client, counter: counters('requests', perMinute) }));
  guarded.push(ready);
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  // An upload has its own limit (the file size setting), applied by its route.
  guarded.push((c, next) => (isUpload(c) ? next() : jsonLimit(c, next)));
  for (const prefix of ['/api/*', '/v1/*']) app.use(prefix, ...guarded);

  app.get('/health', ready, (c) => c.json({ status: 'ok', ...deps.status() }));
  app.get('/metrics', async (c) => {
    const { body, contentType } = await deps.metrics.text();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  const openapi = openApiDocument(VERSION);
  app.get('/openapi.json', (c) => c.json(openapi));
  app.route('/api', documentRoutes(deps));
  app.route('/api', apiRoutes(deps));
  app.route('/v1', openaiRoutes(deps));
  if (deps.widgetDir) mountWidget(app, deps.widgetDir);

  return app;
}

const isUpload = (c: Context) => c.req.method === 'POST' && c.req.path === '/api/documents';

/**
 * The rest of an oversized body is still on its way, and the listener only drains it for a moment before cutting
 * the socket; so the 413 says `Connection: close` and Node closes the connection after it, instead of promising
 * keep-alive and then dropping the client's next request.
 */
const tooLarge = (c: Context): never => {
  c.header('Connection', 'close');
  throw new CitedError('PAYLOAD_TOO_LARGE', `the request body is over ${MAX_BODY / 1024} KiB`);
};

/** Icons change only with a release: a day's caching spares a request on every page view. */
const ICON_CACHE = 'public, max-age=86400';

/** The chat page, the widget script and the page's icon, read once at startup. */
function mountWidget(app: Hono<AppEnv>, dir: string): void {
  const file = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined);
  const page = file('index.html');
  const script = file('widget.js');
  // The page links the SVG; /favicon.ico is what browsers, bookmarks and feed readers ask for when nothing is linked.
  for (const [path, type] of [
    ['/favicon.svg', 'image/svg+xml'],
    ['/favicon.ico', 'image/x-icon'],
  ] as const) {
    const icon = file(path.slice(1));
    if (icon) app.get(path, (c) => c.body(icon, 200, { 'Content-Type': type, 'Cache-Control': ICON_CACHE }));
  }
  if (page)
    app.get('/', (c) => c.body(page, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }));
  if (script)
    app.get('/widget.js', (c) =>
      c.body(script, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      }),
    );
}
