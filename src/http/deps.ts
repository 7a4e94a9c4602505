import type { TrustProxy } from '../trust-proxy.js';
import type { Answer, AnswerEvent, AnswerMode, AskRequest, Source } from '../types.js';
import type { Metrics } from './metrics.js';

export type ServiceState = 'starting' | 'ready' | 'draining';

interface ServiceStatus {
  documents: number;
  chunks: number;
  embeddings: string;
  mode: AnswerMode;
}

interface PublicDocument {
  id: string;
  title: string;
  date?: string;
  url?: string;
  text: string;
}

export interface SecurityOptions {
  apiKeys: string[];
  corsOrigins: string[];
  rateLimit: number;
  /** Which X-Forwarded-For entries name the client (see client-address.ts). */
  trustProxy: TrustProxy;
}

/**
 * The answer service as the routes use it, and nothing more. The rag layer's AnswerService fits it (checked where
 * the composition root passes it in); tests pass a slow or scripted one instead.
 */
export interface Answers {
  ask(req: AskRequest, signal?: AbortSignal): Promise<Answer>;
  /** sources → delta* → citations → done; stopping the iteration (or the signal) stops the answer. */
  stream(req: AskRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent>;
  search(query: string, k?: number): Promise<Source[]>;
}

/** Everything the HTTP layer needs, passed in by the composition root; it builds nothing itself. */
export interface HttpDeps {
  answers: () => Answers;
  state: () => ServiceState;
  status: () => ServiceStatus;
  document: (id: string) => PublicDocument | undefined;
  /** Starter questions for the served index (worked out once per index). */
  starters: () => Promise<string[]>;
  security: SecurityOptions;
  metrics: Metrics;
  /** Folder holding the chat page (index.html) and widget.js. */
  widgetDir?: string;
  heartbeatMs?: number;
  startedAt?: number;
  /** Where the server's one-line reports go (internal errors, aborted requests); stderr when not given. */
  log?: (message: string) => void;
}

export interface AppEnv {
  Variables: { clientKey?: string };
}
