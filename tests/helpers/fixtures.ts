import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWordVectors } from '../../src/embeddings/index.js';
import type { WordVectors } from '../../src/embeddings/index.js';

export const ARTICLE = join(import.meta.dirname, '..', '..', 'corpus', 'hama-2024-12-06.txt');
export const REPO = join(import.meta.dirname, '..', '..');
/** SQuAD 2.0 dev, vendored with its license and provenance (evals/datasets/squad2-dev/README.md). */
export const SQUAD_DIR = join(REPO, 'evals', 'datasets', 'squad2-dev');

let words: WordVectors | undefined;
/** The real offline word vectors, loaded once per test file. */
export function wordVectors(): WordVectors {
  words ??= loadWordVectors();
  return words;
}

export function tempDir(prefix = 'cited-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes files (path → content) under a fresh folder and returns it. */
export function corpusOf(files: Record<string, string>): string {
  const dir = tempDir('cited-corpus-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
