import { MIMEType } from 'node:util';
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { CitedError } from '../errors.js';
import { clientAborted, isPeerGone } from './errors.js';

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/** The labels that name UTF-8 (WHATWG Encoding lists `utf8` as an alias); any other charset we would misread. */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/**
 * We never decompress request bodies (a decompressor is an amplifier in front of the size limit), so a body with
 * any coding but `identity` would be read as the wrong bytes: refuse it.
 */
function requireIdentityEncoding(c: Context): void {
  const header = c.req.header('content-encoding');
  if (!header) return;
  const codings = header
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  const other = codings.find((x) => x !== 'identity');
  if (other !== undefined) {
    const name = JSON.stringify(other.slice(0, 40));
    const message = `Content-Encoding ${name} is not supported (bodies are not decompressed); send it uncompressed`;
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

/** 415 unless the body is declared as JSON in UTF-8 (the default for JSON when no charset is given). */
function requireJsonType(c: Context): void {
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
  }
  let charset: string | null;
  try {
    charset = new MIMEType(type).params.get('charset');
  } catch {
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', 'the Content-Type header is not a valid media type');
  }
  if (charset !== null && !UTF8_LABELS.has(charset.toLowerCase())) {
    const name = JSON.stringify(charset.slice(0, 40));
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', `charset ${name} is not supported; send JSON as utf-8`);
  }
}

/** The body's bytes; a client that hangs up before sending them all is ABORTED (499), not a server fault. */
async function readBody(c: Context): Promise<ArrayBuffer> {
  try {
    return await c.req.arrayBuffer();
  } catch (e) {
    // Reading the body only fails when the client's socket does.
    throw c.req.raw.signal.aborted || isPeerGone(e) ? clientAborted(e) : e;
  }
}

/**
 * A JSON body or a typed error: 415 when it is not declared as uncompressed UTF-8 JSON, 400 when it is not UTF-8
 * or not JSON. (The size limit is enforced before this, by bodyLimit.)
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  requireJsonType(c);
  requireIdentityEncoding(c);
  const raw = await readBody(c);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new CitedError('INVALID_REQUEST', 'the request body is not valid UTF-8');
  }
  try {
    JSON.parse(text);
  } catch {
    throw new CitedError('INVALID_REQUEST', 'the request body is not well-formed JSON');
  }
  if (depth(text) > MAX_DEPTH)
    throw new CitedError('INVALID_REQUEST', `the request body nests deeper than ${MAX_DEPTH} levels`);
  await next();
};

/** No request of ours nests deeper than a few levels; a body that does is an attack on whatever walks it next. */
const MAX_DEPTH = 32;

function depth(json: string): number {
  let max = 0;
  let level = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++level);
    else if (c === 125 || c === 93) level--;
  }
  return max;
}

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/** Validates the JSON body with a zod schema; a failure is a 400 naming the field. */
export const validJson = <T extends z.ZodType>(schema: T) =>
  zValidator('json', schema, (result) => {
    if (!result.success) throw new CitedError('INVALID_REQUEST', describe(result.error));
  });
