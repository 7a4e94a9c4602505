import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/fixtures.js';

/**
 * Where the code and the docs name other files of the repository. Tests are left out: they name fixtures they
 * write.
 */
const SCANNED = ['src', 'bench', 'evals', 'docs', 'README.md', 'BENCHMARKS.md', '.ci/run'];
const TEXT = /\.(ts|mjs|md|json)$|\/run$/;
const SKIP_DIRS = new Set(['node_modules', 'datasets', 'results', 'langchain']);

/** A documentation file named by path ("docs/contracts.md") or by an upper-case name ("BENCHMARKS.md"). */
const REFERENCE = /(?:[\w.-]+\/)+[\w.-]+\.md\b|\b[A-Z][A-Z_-]+\.md\b/g;

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return TEXT.test(path) ? [path] : [];
  return readdirSync(path).flatMap((f) => (SKIP_DIRS.has(f) ? [] : files(join(path, f))));
}

describe('references', () => {
  it('every file the code and the docs name exists in the repository (nothing points outside it)', () => {
    const missing: string[] = [];
    for (const file of SCANNED.flatMap((p) => files(join(REPO, p)))) {
      for (const ref of readFileSync(file, 'utf8').match(REFERENCE) ?? []) {
        if (existsSync(join(REPO, ref)) || existsSync(join(dirname(file), ref))) continue;
        missing.push(`${relative(REPO, file)}: ${ref}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
