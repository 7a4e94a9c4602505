import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SSEStreamingApi } from 'hono/streaming';
import type { AnswerEvent } from '../types.js';
import { errorBody, fromUnknown } from './errors.js';

const payload = (e: AnswerEvent): unknown => {
  switch (e.type) {
    case 'sources':
      return e.sources;
    case 'delta':
      return { text: e.text };
    case 'citations':
      return e.citations;
    case 'done':
      return e.answer;
    case 'error':
      return { error: e.error };
  }
};

/**
 * Sends answer events as server-sent events, with a comment every `heartbeatMs` so proxies keep the stream
 * open. When the client goes away the answer's signal fires, which aborts any upstream LLM request.
 */
export function streamAnswer(
  c: Context,
  events: (signal: AbortSignal) => AsyncGenerator<AnswerEvent>,
  heartbeatMs: number,
  write: (stream: SSEStreamingApi, e: AnswerEvent) => Promise<void> = (stream, e) =>
    stream.writeSSE({ event: e.type, data: JSON.stringify(payload(e)) }),
): Response {
  c.header('Cache-Control', 'no-cache, no-transform');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const ctrl = new AbortController();
    stream.onAbort(() => ctrl.abort());
    const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => ctrl.abort()), heartbeatMs);
    try {
      for await (const e of events(ctrl.signal)) {
        if (stream.aborted || stream.closed) break;
        await write(stream, e);
      }
    } catch (e) {
      if (!stream.aborted) await write(stream, { type: 'error', error: errorBody(fromUnknown(e)).error });
    } finally {
      clearInterval(heartbeat);
      ctrl.abort();
    }
  });
}
