import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { startTestServer } from '../helpers/server.js';

/** How long a test waits for the server to notice something before it gives up (bounded polling). */
const WAIT_MS = 3000;
const POLL_MS = 20;
/** Longer than @hono/node-server's 500 ms allowance for draining an unread body. */
const SLOW_UPLINK_PAUSE_MS = 800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw socket, so the exact bytes (half a body, two requests on one connection) reach the server. */
class RawClient {
  private received = '';
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (this.received += d));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.ended = true));
    socket.on('error', () => (this.ended = true));
  }

  static open(url: string): Promise<RawClient> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const s = connect(Number(u.port), u.hostname, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  write(data: string): void {
    this.socket.write(data, 'latin1');
  }

  /** Waits for one whole response (head plus Content-Length body), removes it from the buffer and returns it. */
  async response(): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    for (let waited = 0; waited < WAIT_MS; waited += POLL_MS) {
      const split = this.received.indexOf('\r\n\r\n');
      if (split >= 0) {
        const [statusLine, ...lines] = this.received.slice(0, split).split('\r\n');
        const field = (l: string) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()];
        const headers = Object.fromEntries(lines.map(field));
        const length = Number(headers['content-length'] ?? 0);
        if (this.received.length >= split + 4 + length) {
          const body = this.received.slice(split + 4, split + 4 + length);
          this.received = this.received.slice(split + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      await sleep(POLL_MS);
    }
    throw new Error(`no whole response within ${WAIT_MS} ms; got ${JSON.stringify(this.received.slice(0, 200))}`);
  }

  async closed(): Promise<boolean> {
    for (let waited = 0; waited < WAIT_MS && !this.ended; waited += POLL_MS) await sleep(POLL_MS);
    return this.ended;
  }
}

const request = (body: string, headers: Record<string, string> = {}) => {
  const length = String(Buffer.byteLength(body));
  const all = { Host: '127.0.0.1', 'Content-Type': 'application/json', 'Content-Length': length, ...headers };
  const head = Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return `POST /api/search HTTP/1.1\r\n${head}\r\n\r\n${body}`;
};

describe('connections a client breaks or overfills', () => {
  let server: RunningServer;
  const logs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({}, { log: (m) => logs.push(m) });
  });
  afterAll(() => server.close());

  it.each([
    ['/api/ask', 'Content-Length: 1000\r\n\r\n{"question":"How far'],
    ['/api/search', 'Transfer-Encoding: chunked\r\n\r\n10\r\n{"query":"Hama",'],
  ])('an upload to %s abandoned mid-body is a one-line 499-style log, not a 500 with a stack', async (path, rest) => {
    const client = await RawClient.open(server.url);
    client.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${rest}`);
    await sleep(100);
    client.socket.destroy();
    let line: string | undefined;
    for (let waited = 0; waited < WAIT_MS && !line; waited += POLL_MS) {
      line = logs.find((l) => l.includes(path));
      await sleep(POLL_MS);
    }
    expect(line).toBeDefined();
    expect(line).toMatch(/ABORTED \(499\)/);
    expect(line).not.toMatch(/internal error|\n|\bat /);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).not.toMatch(/cited_http_requests_total\{[^}]*status="500"/);
  });

  it('a 413 either says Connection: close and ends the socket, or keeps the connection usable', async () => {
    // The body arrives in two parts with a pause longer than the listener's drain allowance (500 ms in
    // @hono/node-server), as from a slow uplink: a 413 that promised keep-alive then loses the connection.
    const client = await RawClient.open(server.url);
    const body = JSON.stringify({ query: 'Hama', pad: 'x'.repeat(200 * 1024) });
    const whole = request(body);
    const half = whole.length - 100 * 1024;
    client.write(whole.slice(0, half));
    const tooLarge = await client.response();
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    if (tooLarge.headers.connection?.toLowerCase() === 'close') {
      expect(await client.closed()).toBe(true);
      return;
    }
    await sleep(SLOW_UPLINK_PAUSE_MS);
    client.write(whole.slice(half));
    client.write(request(JSON.stringify({ query: 'Hama' })));
    expect((await client.response()).status).toBe(200);
    client.socket.destroy();
  });

  it('a 413 on a body whose length is only known while it streams (chunked) also closes or stays usable', async () => {
    const client = await RawClient.open(server.url);
    const chunk = 'x'.repeat(16 * 1024);
    let head = 'POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';
    head += 'Transfer-Encoding: chunked\r\n\r\n';
    head += `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(5) + '0\r\n\r\n';
    client.write(head);
    const tooLarge = await client.response();
    expect(tooLarge.status).toBe(413);
    if (tooLarge.headers.connection?.toLowerCase() === 'close') {
      expect(await client.closed()).toBe(true);
      return;
    }
    client.write(request(JSON.stringify({ query: 'Hama' })));
    expect((await client.response()).status).toBe(200);
    client.socket.destroy();
  });

  it('a keep-alive connection still serves after an ordinary 4xx', async () => {
    const client = await RawClient.open(server.url);
    client.write(request('{"query":'));
    expect((await client.response()).status).toBe(400);
    client.write(request(JSON.stringify({ query: 'Hama' })));
    expect((await client.response()).status).toBe(200);
    client.socket.destroy();
  });
});
