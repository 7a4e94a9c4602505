import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface Timing {
  firstByteMs: number;
  totalMs: number;
  status: number;
  body: string;
}

/**
 * One POST over a kept-alive connection, timed with sub-millisecond resolution (autocannon rounds to 1 ms, too
 * coarse for a route that answers in about a millisecond). `firstByteMs` is when the first body chunk arrived:
 * for SSE, the first event.
 */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Timing> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = 0;
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (!first) first = performance.now() - t0;
          text += d;
        });
        res.on('end', () =>
          resolve({ firstByteMs: first, totalMs: performance.now() - t0, status: res.statusCode ?? 0, body: text }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function closeAgent(): void {
  agent.destroy();
}
