import { join } from 'node:path';
import { loadDataset } from '../../src/eval/index.js';
import type { DatasetItem } from '../../src/eval/index.js';

export type { DatasetItem };

/** The seed questions about the shipped article, from evals/seed.jsonl. */
export const ARTICLE_QUESTIONS: DatasetItem[] = loadDataset(
  join(import.meta.dirname, '..', '..', 'evals', 'seed.jsonl'),
);
