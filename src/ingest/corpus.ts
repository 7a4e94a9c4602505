import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { CitedError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from './loaders.js';

export interface CorpusFile {
  file: string;
  path: string;
  id: string;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && SUPPORTED_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'doc';

/** The supported files under each root (a folder or a file), with stable ids derived from their paths. */
export function listCorpus(roots: string[]): CorpusFile[] {
  const files: { file: string; path: string }[] = [];
  for (const root of roots) {
    if (!existsSync(root)) throw new CitedError('CORPUS_NOT_FOUND', `corpus path ${root} does not exist`);
    if (statSync(root).isDirectory()) {
      const found: string[] = [];
      walk(root, found);
      for (const f of found.sort()) files.push({ file: resolve(f), path: relative(root, f).split('\\').join('/') });
    } else files.push({ file: resolve(root), path: basename(root) });
  }
  const seen = new Set<string>();
  return files.map(({ file, path }) => {
    let id = slug(path.slice(0, path.length - extname(path).length));
    if (seen.has(id)) id = `${id}-${slug(extname(path))}`;
    for (let n = 2; seen.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
    seen.add(id);
    return { file, path, id };
  });
}

/** sha256 of each file's bytes, keyed by corpus path: what staleness is judged on. */
export function fingerprint(files: CorpusFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, createHash('sha256').update(readFileSync(f.file)).digest('hex')]));
}
