import type { Answer, Citation, HistoryTurn, Source } from '../types.js';
import { ChatError, errorFromResponse } from './errors.js';
import { readSse } from './sse.js';

export interface CitedDoc {
  id: string;
  title: string;
  date?: string;
  url?: string;
  text: string;
}

export interface AnswerHandlers {
  onSources(sources: Source[]): void;
  onDelta(text: string): void;
  onCitations(citations: Citation[]): void;
}

const parse = (data: string): unknown => {
  try {
    return JSON.parse(data);
  } catch {
    throw new ChatError('server', 'the server sent an unreadable event');
  }
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Enough of a shape check that a wrong server cannot make the renderer throw halfway. */
function asAnswer(x: unknown): Answer {
  if (!isObject(x) || typeof x.answer !== 'string' || !Array.isArray(x.citations))
    throw new ChatError('server', 'the server sent an answer of the wrong shape');
  return x as unknown as Answer;
}

/** The cited HTTP API, as the widget uses it. */
export class Client {
  // Documents the reader opened, for this page's life. Not src/bounded-cache.ts: lru-cache would double the
  // widget (23 kB → 46 kB minified), and this grows by the reader's clicks on the corpus's documents, not by what a
  // request sends, in one browser tab rather than in a server shared by every client.
  private docs = new Map<string, Promise<CitedDoc>>();

  constructor(
    private readonly endpoint: string,
    private readonly apiKey?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.apiKey ? { ...extra, Authorization: `Bearer ${this.apiKey}` } : extra;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.endpoint}${path}`, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (e) {
      if (init.signal?.aborted) throw e;
      throw (await this.originDenied()) ?? new ChatError('network', String(e));
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  /**
   * A refused CORS preflight fails like a dropped connection, with nothing for the page to read. A simple GET (no
   * custom headers, so no preflight) reaches the server, whose 403 ORIGIN_NOT_ALLOWED the page may read: that tells
   * "this site isn't allowed" apart from "the server is unreachable".
   */
  private async originDenied(): Promise<ChatError | undefined> {
    try {
      const res = await fetch(`${this.endpoint}/api/suggestions`, { credentials: 'omit', mode: 'cors' });
      if (res.status !== 403) return undefined;
      const err = await errorFromResponse(res);
      return err.kind === 'origin-denied' ? err : undefined;
    } catch {
      return undefined; // really unreachable
    }
  }

  /** Streams one answer; resolves with the final Answer from `done`, which is the authoritative text. */
  async ask(question: string, history: HistoryTurn[], signal: AbortSignal, on: AnswerHandlers): Promise<Answer> {
    const res = await this.request('/api/ask', {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
      body: JSON.stringify({ question, history, stream: true }),
      signal,
    });
    if (!(res.headers.get('Content-Type') ?? '').includes('text/event-stream')) return asAnswer(await res.json());
    if (!res.body) throw new ChatError('server', 'the response has no body');
    try {
      for await (const e of readSse(res.body)) {
        if (e.event === 'sources') on.onSources(parse(e.data) as Source[]);
        else if (e.event === 'delta') on.onDelta(String((parse(e.data) as { text?: unknown }).text ?? ''));
        else if (e.event === 'citations') on.onCitations(parse(e.data) as Citation[]);
        else if (e.event === 'done') return asAnswer(parse(e.data));
        else if (e.event === 'error') {
          const err = parse(e.data) as { error?: { code?: string; message?: string } };
          throw new ChatError(err.error?.code === 'NOT_READY' ? 'not-ready' : 'server', err.error?.message ?? '');
        }
      }
    } catch (e) {
      if (signal.aborted || e instanceof ChatError) throw e;
      throw new ChatError('network', String(e));
    }
    throw new ChatError('cut-off', 'the stream ended before the answer was done');
  }

  /** Starter questions for an empty chat. */
  async suggestions(): Promise<string[]> {
    const res = await this.request('/api/suggestions', { headers: this.headers({ Accept: 'application/json' }) });
    const body: unknown = await res.json();
    if (!isObject(body) || !Array.isArray(body.questions)) return [];
    return body.questions.filter((q): q is string => typeof q === 'string');
  }

  /** A document's full text, fetched once per widget and shared by every citation into it. */
  document(id: string): Promise<CitedDoc> {
    let doc = this.docs.get(id);
    if (!doc) {
      doc = this.request(`/api/documents/${encodeURIComponent(id)}`, {
        headers: this.headers({ Accept: 'application/json' }),
      }).then(async (res) => {
        const body: unknown = await res.json();
        if (!isObject(body) || typeof body.text !== 'string')
          throw new ChatError('server', 'the server sent a document of the wrong shape');
        return body as unknown as CitedDoc;
      });
      doc.catch(() => this.docs.delete(id));
      this.docs.set(id, doc);
    }
    return doc;
  }
}
