import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatScript } from './fake-chat-model.js';

export interface Recorded {
  method: string;
  url: string;
  body: unknown;
}

export type Handler = (req: Recorded, res: ServerResponse) => unknown;

/** A real OpenAI-compatible HTTP server whose answers a test scripts; it records every request it gets. */
export class ScriptedOpenAI {
  readonly requests: Recorded[] = [];
  private server?: Server;
  private readonly routes = new Map<string, Handler>();

  on(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // A handler that throws ends the connection instead of leaving an unhandled rejection behind.
      req.on('end', () => void this.reply(req, res, chunks).catch((e: Error) => res.destroy(e)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  private async reply(req: IncomingMessage, res: ServerResponse, chunks: Buffer[]): Promise<void> {
    const raw = Buffer.concat(chunks).toString('utf8');
    const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', body: raw ? JSON.parse(raw) : undefined };
    this.requests.push(rec);
    const handler = this.routes.get((req.url ?? '').split('?')[0]);
    if (!handler) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'no such route' } }));
      return;
    }
    await handler(rec, res);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A deterministic toy embedding: letter counts, so similar strings get similar vectors. */
export function toyEmbedding(text: string, dims = 8): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const ch of text.toLowerCase()) if (/[a-z]/.test(ch)) v[(ch.charCodeAt(0) - 97) % dims] += 1;
  return v;
}

interface ChatBody {
  messages: { role: string; content: string }[];
  stream?: boolean;
  model?: string;
}

/** The prompt's last user message. */
export const userPrompt = (req: Recorded) => (req.body as ChatBody).messages.at(-1)?.content ?? '';

/** The number of the source block in the prompt whose text contains `needle` (as a model reading it would cite). */
export function sourceWith(req: Recorded, needle: string): number {
  for (const m of userPrompt(req).matchAll(/<<<SOURCE (\d+)>>>\n([\s\S]*?)\n<<<END SOURCE \1>>>/g))
    if (m[2].includes(needle)) return Number(m[1]);
  throw new Error(`no source contains ${needle}`);
}

const chunk = (content: string | null, finish: string | null = null) => {
  const delta = content === null ? {} : { content };
  const body = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'scripted',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
};

/**
 * Answers a chat completion with `text`, streamed in `pieces` (or as one JSON body when the client did not ask to
 * stream).
 */
export async function reply(
  req: Recorded,
  res: ServerResponse,
  text: string,
  opts: { pieceSize?: number; delayMs?: number } = {},
): Promise<void> {
  if (!(req.body as ChatBody).stream) {
    json(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model: 'scripted',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const size = opts.pieceSize ?? 7;
  for (let i = 0; i < text.length; i += size) {
    if (res.destroyed) return;
    res.write(chunk(text.slice(i, i + size)));
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
  }
  res.write(chunk(null, 'stop'));
  res.end('data: [DONE]\n\n');
}

/** HTTP statuses an OpenAI-compatible server answers a failing call with. */
const FAILURE_STATUS = { 'rate-limited': 429, unavailable: 500, refused: 400 } as const;

/** Text the upstream puts in its error bodies: it must never reach a user. */
export const UPSTREAM_SECRET = 'upstream-internal-detail-7f3a';

/**
 * Plays a ChatScript (see fake-chat-model.ts) as an OpenAI-compatible server does, over the response. A `hang`
 * keeps the response open until the client goes away.
 */
export function serveChat(res: ServerResponse, script: ChatScript): void {
  if (script.kind === 'fail') {
    json(res, FAILURE_STATUS[script.as], { error: { message: UPSTREAM_SECRET, type: 'server_error' } });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (script.kind === 'malformed') {
    res.end(`data: {"choices": [${UPSTREAM_SECRET}\n\n`);
    return;
  }
  for (const piece of script.pieces) res.write(chunk(piece));
  if (script.kind === 'hang') return;
  res.write(chunk(null, 'stop'));
  res.end('data: [DONE]\n\n');
}

/** Answers an embeddings request with toy embeddings, in the encoding the client asked for. */
export function replyEmbeddings(req: Recorded, res: ServerResponse): void {
  const { input, encoding_format } = req.body as { input: string[]; encoding_format?: string };
  const encode = (v: number[]) =>
    encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
  const data = input.map((t, index) => ({ object: 'embedding', index, embedding: encode(toyEmbedding(t)) }));
  json(res, 200, { object: 'list', data, model: 'toy', usage: { prompt_tokens: 1, total_tokens: 1 } });
}
