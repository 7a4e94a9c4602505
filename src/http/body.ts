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
  await next();
};

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
