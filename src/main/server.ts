import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from '../config.js';
import { createApp, Metrics } from '../http/index.js';
import type { ServiceState } from '../http/index.js';
import { explainListenError } from './listen-error.js';
import { Runtime } from './runtime.js';
import { DocumentAdmin } from './document-admin.js';
import { sharedLimits } from './shared-limits.js';

/**
 * How often the live version is looked for by default (CURRENT, or the active-version row of the PostgreSQL store):
 * a new index is served within a second or two of its swap, at no real cost.
 */
const WATCH_INTERVAL_MS = 1000;

export interface ServerOptions {
  log?: (message: string) => void;
  /** How often to look for an index written by another process (`cited ingest`). */
  watchIntervalMs?: number;
  heartbeatMs?: number;
  widgetDir?: string;
  /** How long requests in flight may take to finish on close. */
  graceMs?: number;
  /** A `serve --workers` worker: the rate limits are counted in the primary (when CITED_REDIS_URL is not set). */
  clusterWorker?: boolean;
}

export interface RunningServer {
  url: string;
  runtime: Runtime;
  /** Resolves once the index is loaded (or built) and requests are served. */
  ready: Promise<void>;
  state: () => ServiceState;
  /** Re-ingests the corpus and swaps the new index in; requests in flight keep the old one. */
  reingest: () => Promise<void>;
  /** Stops taking requests, lets those in flight finish, then closes. */
  close: () => Promise<void>;
}

/** dist/widget of the package, whether this runs from dist/ or (in tests) from src/. */
export const defaultWidgetDir = () => fileURLToPath(new URL('../../dist/widget', import.meta.url));

/**
 * Listens at once, so /health can say "not ready" (503) while the index is built; serves when it is ready.
 * Watches the index directory so an index written by `cited ingest` elsewhere is swapped in atomically.
 */
export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? (() => {});
  const metrics = new Metrics();
  const runtime = Runtime.create(config, { log, onAnswer: metrics.recordAnswer });
  let state: ServiceState = 'starting';
  const widgetDir = opts.widgetDir ?? defaultWidgetDir();
  const worker = opts.clusterWorker ?? false;
  const limits = config.rateLimit > 0 ? await sharedLimits({ redisUrl: config.redisUrl, worker, log }) : undefined;
  const app = createApp({
    answers: () => runtime.answers,
    state: () => state,
    status: () => ({
      ...runtime.index().size,
      embeddings: config.embeddings,
      mode: config.mode,
    }),
    document: (id) => runtime.index().document(id),
    documents: new DocumentAdmin({ lifecycle: runtime.lifecycle, maxFileBytes: config.maxFileBytes }),
    maxUploadBytes: config.maxFileBytes,
    starters: () => runtime.starters.questions(),
    security: {
      apiKeys: config.apiKeys,
      adminKeys: config.adminKeys,
      corsOrigins: config.corsOrigins,
      rateLimit: config.rateLimit,
      trustProxy: config.trustProxy,
    },
    counters: limits?.counters,
    metrics,
    widgetDir: existsSync(widgetDir) ? widgetDir : undefined,
    heartbeatMs: opts.heartbeatMs,
    startedAt: Date.now(),
    log: opts.log,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    (s as Server).once('error', (e) => reject(explainListenError(e, { host: config.host, port: config.port })));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let unwatch = () => {};
  const ready = runtime.ensureIndex().then(() => {
    state = 'ready';
    unwatch = runtime.lifecycle.watch(opts.watchIntervalMs ?? WATCH_INTERVAL_MS);
  });
  ready.catch(() => {}); // the caller decides what a failed start means

  return {
    url,
    runtime,
    ready,
    state: () => state,
    reingest: async () => {
      await runtime.lifecycle.reingest();
    },
    close: async () => {
      state = 'draining';
      unwatch();
      await new Promise<void>((resolve) => {
        // Keep-alive sockets that fall idle (a request just finished) would hold close() open until they time
        // out, so they are closed as they go idle; after the grace period, whatever is left is cut.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), opts.graceMs ?? 10_000);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      await limits?.close();
      await runtime.close();
    },
  };
}
