import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main/index.js';
import type { RunningServer } from '../../src/main/index.js';
import { REPO, tempDir } from './fixtures.js';

/**
 * A real `cited serve` on a free loopback port, over its own index directory. `env` overrides configuration
 * (e.g. CITED_CORPUS_DIR for another corpus, CITED_API_KEYS); the widget is served from dist/widget.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  opts: { heartbeatMs?: number; watchIntervalMs?: number; log?: (message: string) => void } = {},
): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CITED_CORPUS_DIR: join(REPO, 'corpus'),
    CITED_INDEX_DIR: tempDir(),
    CITED_LLM: 'extractive',
    CITED_RATE_LIMIT: '0',
    ...env,
  });
  const server = await startServer(config, { widgetDir: join(REPO, 'dist', 'widget'), ...opts });
  await server.ready;
  return server;
}
