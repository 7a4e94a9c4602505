import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const benchDir = join(repoRoot, 'bench');
export const articlePath = join(repoRoot, 'corpus', 'hama-2024-12-06.txt');
// shared/ sits beside the repository (as on the developers' machines and in CI).
export const squadPath = process.env.CITED_BENCH_SQUAD ?? join(repoRoot, '..', 'shared', 'datasets', 'squad2-dev-official', 'dev-v2.0.json');
export const baselineDir = join(benchDir, 'langchain');
export const resultsDir = join(benchDir, 'results');
