import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CitedError } from '../../errors.js';
import type { AppEnv, HttpDeps } from '../deps.js';
import { FailureLimit, bearerAuth, clientOf } from '../security.js';
import { memoryCounters } from '../window-counter.js';

/**
 * What a multipart body carries besides the file (boundaries, part headers, a file name): a few hundred bytes in
 * practice; 64 KiB leaves room for long names and extra fields without letting a body far over the limit through.
 */
const MULTIPART_OVERHEAD = 64 * 1024;
const MULTIPART = /^multipart\/form-data\s*;/i;

/** Only admin keys change or list documents; with none configured, the document API is off rather than open. */
function adminOnly(deps: HttpDeps): MiddlewareHandler<AppEnv> {
  const { adminKeys, rateLimit, trustProxy } = deps.security;
  if (!adminKeys.length) {
    return async () => {
      throw new CitedError('FORBIDDEN', 'the document API is off: set CITED_ADMIN_KEYS to use it');
    };
  }
  const counter = (deps.counters ?? memoryCounters)('wrong-admin-keys', rateLimit);
  return bearerAuth(adminKeys, new FailureLimit(rateLimit, clientOf(trustProxy), counter));
}

/** The `file` part of a multipart/form-data body: its name and bytes. */
async function uploadedFile(c: Context): Promise<{ name: string; bytes: Uint8Array }> {
  if (!MULTIPART.test(c.req.header('content-type') ?? '')) {
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', 'send the document as multipart/form-data, in the field "file"');
  }
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch (e) {
    throw new CitedError('INVALID_REQUEST', `the multipart body cannot be read: ${(e as Error).message}`);
  }
  const file = form.file;
  if (!(file instanceof File)) throw new CitedError('INVALID_REQUEST', 'send the document in the form field "file"');
  return { name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** /api/documents: list (GET), upload (POST, multipart) and delete (DELETE /:id), for admin keys only. */
export function documentRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const docs = deps.documents;
  if (!docs) return routes;
  const admin = adminOnly(deps);
  const tooLarge = (c: Context): never => {
    c.header('Connection', 'close');
    throw new CitedError('PAYLOAD_TOO_LARGE', `the file is over the ${deps.maxUploadBytes} byte limit`);
  };
  const limit = bodyLimit({ maxSize: (deps.maxUploadBytes ?? 0) + MULTIPART_OVERHEAD, onError: tooLarge });

  routes.get('/documents', admin, (c) => c.json({ documents: docs.list() }));

  routes.post('/documents', admin, limit, async (c) => {
    const { name, bytes } = await uploadedFile(c);
    const { entry, created } = await docs.add(name, bytes);
    return c.json(entry, created ? 201 : 200);
  });

  routes.delete('/documents/:id', admin, async (c) => {
    const id = c.req.param('id');
    if (!(await docs.remove(id))) {
      throw new CitedError('NOT_FOUND', `no document with id ${JSON.stringify(id.slice(0, 100))}`);
    }
    return c.body(null, 204);
  });

  return routes;
}
