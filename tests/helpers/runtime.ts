import { loadConfig } from '../../src/config.js';
import { Runtime } from '../../src/main/index.js';
import type { RuntimeOptions } from '../../src/main/index.js';
import { REPO, tempDir, wordVectors } from './fixtures.js';
import { join } from 'node:path';

/** A real runtime over the shipped corpus, with its own index directory; `opts` as the composition root takes them. */
export async function articleRuntime(env: Record<string, string> = {}, opts: RuntimeOptions = {}): Promise<Runtime> {
  const config = loadConfig({ CITED_CORPUS_DIR: join(REPO, 'corpus'), CITED_INDEX_DIR: tempDir(), ...env });
  const rt = new Runtime(config, wordVectors(), opts);
  await rt.ensureIndex();
  return rt;
}
