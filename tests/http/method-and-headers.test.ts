import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { startTestServer } from '../helpers/server.js';

/** Every header Hono's secure-headers middleware can add besides nosniff: this server sends none of them. */
const NOT_SENT = [
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'content-security-policy',
  'permissions-policy',
];

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const request = (path: string, method: string) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' } });

describe('a method a route does not answer (a real server)', () => {
  it.each([
    ['GET', '/api/ask', 'POST'],
    ['PUT', '/api/search', 'POST'],
    ['DELETE', '/v1/chat/completions', 'POST'],
    ['POST', '/api/documents/hama-2024-12-06', 'DELETE, GET, HEAD'],
    ['PUT', '/api/documents', 'GET, HEAD, POST'],
    ['POST', '/health', 'GET, HEAD'],
    ['PATCH', '/metrics', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
    ['PUT', '/v1/models', 'GET, HEAD'],
    ['POST', '/', 'GET, HEAD'],
    ['DELETE', '/widget.js', 'GET, HEAD'],
    ['HEAD', '/api/ask', 'POST'],
  ])('%s %s → 405, Allow: %s, a typed error', async (method, path, allow) => {
    const res = await request(path, method);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    if (method !== 'HEAD') {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
      expect(body.error.message).toContain(`${method} is not allowed on ${path}`);
    }
  });

  it('an unknown path is a 404 whatever the method; so is an OPTIONS that CORS does not answer', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/nope'],
      ['OPTIONS', '/api/ask'],
      ['OPTIONS', '/health'],
    ]) {
      const res = await request(path, method);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('allow'), `${method} ${path}`).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
  });

  it('HEAD is answered wherever GET is', async () => {
    for (const path of ['/health', '/openapi.json', '/widget.js'])
      expect((await request(path, 'HEAD')).status).toBe(200);
  });
});

describe('security headers', () => {
  it.each([
    ['GET', '/health', 200],
    ['GET', '/', 200],
    ['GET', '/widget.js', 200],
    ['GET', '/api/nope', 404],
    ['GET', '/api/ask', 405],
    ['POST', '/api/ask', 400],
  ])('%s %s (%i): nosniff and nothing else', async (method, path, status) => {
    const res = await request(path, method);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    for (const name of NOT_SENT) expect(res.headers.get(name), name).toBeNull();
    // The embeddable widget stays loadable from other sites.
    if (path === '/widget.js') expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
