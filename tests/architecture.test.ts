import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/fixtures.js';

const SRC = join(REPO, 'src');

/**
 * Which modules each module may import: the pipeline's one-way arrows (README, Architecture). Leaves import nothing
 * of ours.
 */
const ALLOWED: Record<string, string[]> = {
  leaf: ['leaf'],
  nlp: ['leaf'],
  embeddings: ['leaf'],
  llm: ['leaf'],
  index: ['leaf', 'nlp'],
  ingest: ['leaf', 'nlp', 'embeddings', 'index'],
  rag: ['leaf', 'nlp', 'embeddings', 'index', 'llm'],
  http: ['leaf', 'rag'],
  eval: ['leaf', 'rag'],
  main: ['leaf', 'nlp', 'embeddings', 'llm', 'index', 'ingest', 'rag', 'http'],
  cli: ['leaf', 'main', 'embeddings', 'ingest', 'rag', 'http', 'eval', 'index'],
  // Browser code: bundled on its own, it may share only the plain types.
  widget: ['leaf'],
};

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : [],
  );

const moduleOf = (file: string) => {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? 'leaf' : rel[0];
};

describe('architecture', () => {
  const all = files(SRC);
  it('every module is a known pipeline stage', () => {
    for (const f of all) expect(Object.keys(ALLOWED)).toContain(moduleOf(f));
  });

  it('imports point one way, and across modules only through a module’s index.ts', () => {
    const violations: string[] = [];
    for (const file of all) {
      const from = moduleOf(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        const target = join(file, '..', m[1]).replace(/\.js$/, '.ts');
        const to = moduleOf(target);
        if (to === from) continue;
        if (!ALLOWED[from].includes(to))
          violations.push(`${relative(REPO, file)} → ${m[1]} (${from} may not import ${to})`);
        if (to !== 'leaf' && !target.endsWith('/index.ts'))
          violations.push(`${relative(REPO, file)} → ${m[1]} (import ${to}/index.js instead)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('readers name the interfaces: concrete classes only where made (the writer, the composition root)', () => {
    // SearchIndex and SourceRetriever are the seams: a new store or retriever must touch only these places.
    const makers: Record<string, string[]> = {
      HybridIndex: ['src/index/', 'src/ingest/', 'src/main/runtime.ts'],
      Retriever: ['src/rag/', 'src/main/runtime.ts'],
    };
    const violations: string[] = [];
    for (const file of all) {
      const rel = relative(REPO, file);
      const text = readFileSync(file, 'utf8');
      for (const [name, allowed] of Object.entries(makers))
        if (new RegExp(`\\b${name}\\b`).test(text) && !allowed.some((a) => rel.startsWith(a)))
          violations.push(`${rel} names ${name}`);
    }
    expect(violations).toEqual([]);
  });

  it('no `any` in exported signatures', () => {
    const offenders = all.filter((f) => /export[^\n]*[:<(,]\s*any\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
