import { createApp, Metrics } from '../../src/http/index.js';
import { TRUST_NOTHING } from '../../src/trust-proxy.js';
import type { HttpDeps, SecurityOptions, ServiceState } from '../../src/http/index.js';
import type { Answers } from '../../src/http/deps.js';
import type { Runtime } from '../../src/main/index.js';

/** The Hono app over a real runtime, with the knobs a test needs; requests go through app.request(). */
export function appFor(
  rt: Runtime,
  opts: {
    security?: Partial<SecurityOptions>;
    state?: () => ServiceState;
    heartbeatMs?: number;
    answers?: Answers;
    documents?: HttpDeps['documents'];
    maxUploadBytes?: number;
    log?: (message: string) => void;
  } = {},
) {
  const metrics = new Metrics(false);
  const deps: HttpDeps = {
    answers: () => opts.answers ?? rt.answers,
    state: opts.state ?? (() => 'ready'),
    status: () => ({
      ...rt.index().size,
      embeddings: 'local',
      mode: 'extractive',
    }),
    document: (id) => rt.index().document(id),
    starters: () => rt.starters.questions(),
    security: {
      apiKeys: [],
      adminKeys: [],
      corsOrigins: [],
      rateLimit: 0,
      trustProxy: TRUST_NOTHING,
      ...opts.security,
    },
    documents: opts.documents,
    maxUploadBytes: opts.maxUploadBytes,
    metrics,
    heartbeatMs: opts.heartbeatMs,
    log: opts.log ?? (() => {}),
  };
  return { app: createApp(deps), metrics };
}

export const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Parses a server-sent event stream into [event, data] pairs. */
export function parseSse(text: string): { event: string; data: string }[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n');
      const event =
        lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      return { event, data };
    });
}

/** Response bodies in tests are checked field by field, so they are read loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (res: Response): Promise<any> => res.json();
