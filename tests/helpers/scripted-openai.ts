import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', body: raw ? JSON.parse(raw) : undefined };
        this.requests.push(rec);
        const handler = this.routes.get((req.url ?? '').split('?')[0]);
        if (!handler) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such route' } }));
          return;
        }
        await handler(rec, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
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
