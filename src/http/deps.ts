import type { TrustProxy } from '../trust-proxy.js';
import type { Answer, AnswerEvent, AnswerMode, AskRequest, DocumentEntry, Source } from '../types.js';
import type { Metrics } from './metrics.js';
import type { CounterFactory } from './window-counter.js';

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
  /** Keys for the document API (list, upload, delete); they may ask too. None: the document API is off. */
  adminKeys: string[];
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

/** The document API's work (the main layer's DocumentAdmin fits it): each change is ingested before it returns. */
interface Documents {
  list(): DocumentEntry[];
  /** `created` is false when a document of the same stored name was replaced. */
  add(name: string, bytes: Uint8Array): Promise<{ entry: DocumentEntry; created: boolean }>;
  /** False when there is no document with this id. */
  remove(id: string): Promise<boolean>;
}

/** Everything the HTTP layer needs, passed in by the composition root; it builds nothing itself. */
export interface HttpDeps {
  answers: () => Answers;
  state: () => ServiceState;
  status: () => ServiceStatus;
  document: (id: string) => PublicDocument | undefined;
  /** The document API; without it, /api/documents lists nothing and takes no uploads (404). */
  documents?: Documents;
  /** The largest file an upload may carry (CITED_MAX_FILE_MB), in bytes. */
  maxUploadBytes?: number;
  /** Starter questions for the served index (worked out once per index). */
  starters: () => Promise<string[]>;
  security: SecurityOptions;
  /** Where the per-client limits are counted (shared by workers or in Redis); this process's tables if not given. */
  counters?: CounterFactory;
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
