import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { CitedError } from '../errors.js';

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/**
 * A JSON body or a typed error: 415 when it is not declared as JSON, 400 when it is not UTF-8 or not JSON.
 * (The size limit is enforced before this, by bodyLimit.)
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new CitedError('UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
  }
  const raw = await c.req.arrayBuffer();
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
  if (depth(text) > MAX_DEPTH) throw new CitedError('INVALID_REQUEST', `the request body nests deeper than ${MAX_DEPTH} levels`);
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
      if (c === 92) i++; // backslash: skip the escaped character
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
    if (!result.success) throw new CitedError('INVALID_REQUEST', describe(result.error as z.core.$ZodError));
  });
