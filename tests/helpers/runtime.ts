import { loadConfig } from '../../src/config.js';
import { Runtime } from '../../src/main/index.js';
import { REPO, tempDir, wordVectors } from './fixtures.js';
import { join } from 'node:path';

/** A real runtime over the shipped corpus, with its own index directory. */
export async function articleRuntime(env: Record<string, string> = {}): Promise<Runtime> {
  const config = loadConfig({ CITED_CORPUS_DIR: join(REPO, 'corpus'), CITED_INDEX_DIR: tempDir(), ...env });
  const rt = new Runtime(config, wordVectors());
  await rt.ensureIndex();
  return rt;
}
