import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const benchDir = join(repoRoot, 'bench');
export const articlePath = join(repoRoot, 'corpus', 'hama-2024-12-06.txt');
// The vendored SQuAD 2.0 dev set (evals/datasets/squad2-dev/README.md); CITED_BENCH_SQUAD points elsewhere.
export const squadPath =
  process.env.CITED_BENCH_SQUAD ?? join(repoRoot, 'evals', 'datasets', 'squad2-dev', 'dev-v2.0.json');
export const baselineDir = join(benchDir, 'langchain');
export const resultsDir = join(benchDir, 'results');
