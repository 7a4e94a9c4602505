import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const benchDir = join(repoRoot, 'bench');
export const articlePath = join(repoRoot, 'corpus', 'hama-2024-12-06.txt');
export const squadPath = process.env.CITED_BENCH_SQUAD ?? '/work/shared/datasets/squad2-dev-official/dev-v2.0.json';
export const baselineDir = join(benchDir, 'langchain');
export const resultsDir = join(benchDir, 'results');
