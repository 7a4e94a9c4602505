import cluster from 'node:cluster';
import type { Config } from '../config.js';
import { Runtime, checkCanListen, countForWorkers, reingestOnHangup, startServer } from '../main/index.js';

type Log = (m: string) => void;

/**
 * `cited serve`: one process, or with `--workers N` a primary that builds the index once and N workers that
 * share the port (one Node process uses one core). Workers pick up a new index through CURRENT, as one
 * server does.
 */
export async function serve(config: Config, workers: number, log: Log): Promise<void> {
  if (workers > 1 && cluster.isPrimary) return primary(config, workers, log);
  try {
    await single(config, log);
  } catch (e) {
    // A worker's channel to the primary would keep it alive, failed, forever: let go so that it exits, with the
    // failure's code (process.disconnect() would make cluster exit it with 0).
    cluster.worker?.disconnect();
    throw e;
  }
}

async function single(config: Config, log: Log): Promise<void> {
  const server = await startServer(config, { log, clusterWorker: cluster.isWorker });
  log(
    `listening on ${server.url} (${config.mode === 'llm' ? `LLM ${config.openai.chatModel}` : 'offline, extractive'})`,
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
      reingestOnHangup(() => server.reingest(), log),
    );
  try {
    await server.ready;
  } catch (e) {
    // A server that cannot load its index must not linger half-alive: stop listening and fail.
    await server.close();
    throw e;
  }
  const { documents, chunks } = server.runtime.index().size;
  log(`ready: ${documents} document(s), ${chunks} chunks`);
}

async function primary(config: Config, workers: number, log: Log): Promise<void> {
  // A port in use is reported once, here, rather than by every worker; and before a long first ingest.
  await checkCanListen(config);
  // Build or refresh the index before any worker starts, so the workers only load it (and never race to write it).
  const runtime = Runtime.create(config, { log });
  await runtime.ensureIndex();
  // One count for all the workers (without Redis, or while it is down), so a client gets CITED_RATE_LIMIT a minute
  // whichever worker answers it, not N times that.
  if (config.rateLimit > 0) await countForWorkers();
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
    reingestOnHangup(() => runtime.lifecycle.reingest(), log),
  );
}
