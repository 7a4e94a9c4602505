import cluster from 'node:cluster';
import type { Config } from '../config.js';
import { isCitedError } from '../errors.js';
import { Runtime, startServer } from '../main/index.js';

type Log = (m: string) => void;

/** How often a SIGHUP re-ingest that found another ingest writing tries again. */
const BUSY_RETRY_MS = 2_000;
/** How long it keeps trying: longer than the largest ingest measured (1M chunks, about 16 minutes). */
const BUSY_GIVE_UP_MS = 30 * 60_000;

/**
 * SIGHUP means "the corpus changed": the re-ingest must happen even when another ingest (`cited ingest`) holds the
 * lock, since that one may have read the corpus before the change, so INDEX_BUSY is retried until the lock is free.
 * A signal during a run that has already read the corpus asks for one more run after it; more signals meanwhile
 * join that one instead of stacking up.
 */
function onHangup(reingest: () => Promise<unknown>, log: Log): () => void {
  let running = false;
  let again = false;
  const finish = (message: string) => {
    log(message);
    running = false;
    if (again) start();
  };
  const attempt = (since: number): void => {
    again = false; // this attempt reads the corpus as it is now
    reingest().then(
      () => finish('re-ingested the corpus'),
      (e: Error) => {
        if (isCitedError(e) && e.code === 'INDEX_BUSY' && Date.now() - since < BUSY_GIVE_UP_MS) {
          log(`re-ingest waits: ${e.message}`);
          setTimeout(() => attempt(since), BUSY_RETRY_MS).unref();
        } else finish(`re-ingest failed: ${e.message}`);
      },
    );
  };
  const start = () => {
    running = true;
    attempt(Date.now());
  };
  return () => {
    if (running) again = true;
    else start();
  };
}

/**
 * `cited serve`: one process, or with `--workers N` a primary that builds the index once and N workers that
 * share the port (one Node process uses one core). Workers pick up a new index through CURRENT, as one
 * server does.
 */
export async function serve(config: Config, workers: number, log: Log): Promise<void> {
  if (workers > 1 && cluster.isPrimary) return primary(config, workers, log);
  return single(config, log);
}

async function single(config: Config, log: Log): Promise<void> {
  const server = await startServer(config, { log });
  log(
    `listening on ${server.url} (${config.llm === 'openai' ? `LLM ${config.openai.chatModel}` : 'offline, extractive'})`,
  );
  const stop = (signal: string) => {
    log(`${signal}: finishing requests in flight, then stopping`);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (!cluster.isWorker)
    process.on(
      'SIGHUP',
      onHangup(() => server.reingest(), log),
    );
  try {
    await server.ready;
  } catch (e) {
    // A server that cannot load its index must not linger half-alive: stop listening and fail.
    await server.close();
    throw e;
  }
  log(
    `ready: ${server.runtime.index().contents.documents.length} document(s), ${server.runtime.index().contents.chunks.length} chunks`,
  );
}

async function primary(config: Config, workers: number, log: Log): Promise<void> {
  // Build or refresh the index before any worker starts, so the workers only load it (and never race to write it).
  const runtime = Runtime.create(config, { log });
  await runtime.ensureIndex();
  let stopping = false;
  let alive = workers;
  cluster.on('exit', (worker, code) => {
    alive--;
    if (!stopping) log(`worker ${worker.process.pid} exited (${code ?? 'signal'})`);
    if (alive === 0) process.exit(stopping ? 0 : 1);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = (signal: string) => {
    stopping = true;
    log(`${signal}: stopping ${workers} workers once their requests are done`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on(
    'SIGHUP',
    onHangup(() => runtime.ingest(runtime.index().contents.roots), log),
  );
}
