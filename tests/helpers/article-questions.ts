import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of an evaluation dataset (DESIGN.md, "Datasets"). */
export interface DatasetItem {
  id: string;
  question: string;
  answers: string[];
  answerable: boolean;
  category: string;
}

/** The seed questions about the shipped article, from evals/seed.jsonl. */
export const ARTICLE_QUESTIONS: DatasetItem[] = readFileSync(join(import.meta.dirname, '..', '..', 'evals', 'seed.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DatasetItem);
