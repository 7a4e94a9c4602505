import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { articleRuntime } from '../helpers/runtime.js';
import { appFor, json } from './helpers.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

const body = JSON.stringify({ query: 'Hama' });
const send = (headers: Record<string, string>, payload: string | Uint8Array = body) =>
  appFor(rt).app.request('/api/search', { method: 'POST', headers, body: payload });

describe('request bodies we do not decode are refused, not misread', () => {
  it.each([
    ['gzip, but not compressed', 'gzip', body],
    ['gzip, compressed', 'gzip', new Uint8Array(gzipSync(body))],
    ['deflate', 'deflate', body],
    ['br', 'br', body],
    ['a chain ending in identity', 'gzip, identity', body],
    ['an unknown coding', 'x-rot13', body],
  ])('Content-Encoding %s → 415 naming the encoding', async (_name, encoding, payload) => {
    const res = await send({ 'content-type': 'application/json', 'content-encoding': encoding }, payload);
    expect(res.status).toBe(415);
    const { error } = await json(res);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(/Content-Encoding/);
  });

  it.each(['identity', 'IDENTITY', ''])('Content-Encoding %j is accepted', async (encoding) => {
    expect((await send({ 'content-type': 'application/json', 'content-encoding': encoding })).status).toBe(200);
  });

  it.each([
    ['latin1', Buffer.from('{"query":"Hama caf\u00e9"}', 'latin1')],
    ['ISO-8859-1', Buffer.from('{"query":"Hama"}', 'latin1')],
    ['utf-16', Buffer.from('{"query":"Hama"}', 'utf16le')],
    ['"utf-16le"', Buffer.from('{"query":"Hama"}', 'utf16le')],
    ['windows-1252', Buffer.from('{"query":"Hama"}', 'latin1')],
  ])('a JSON body declared charset=%s → 415 naming the charset', async (charset, payload) => {
    const res = await send({ 'content-type': `application/json; charset=${charset}` }, new Uint8Array(payload));
    expect(res.status).toBe(415);
    const { error } = await json(res);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(/charset/);
    expect(error.message).toMatch(/utf-8/i);
  });

  const utf8 = [
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="utf-8"',
    'application/vnd.api+json; Charset=utf-8',
    'application/json; charset=utf8',
  ];
  it.each(utf8)('%s is accepted', async (type) => {
    expect((await send({ 'content-type': type })).status).toBe(200);
  });
});
