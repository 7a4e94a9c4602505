import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { CitedError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from './loaders.js';

export interface CorpusFile {
  /** Absolute path of the file. */
  file: string;
  /** What the index records as the document's path (absolute, so that two roots never collide). */
  path: string;
  id: string;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    // Follow symlinks: a corpus assembled from links is still a corpus.
    const stat = entry.isSymbolicLink() ? statSync(full, { throwIfNoEntry: false }) : entry;
    if (!stat) continue;
    if (stat.isDirectory()) walk(full, out);
    else if (stat.isFile() && SUPPORTED_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'doc';

/**
 * A document's id depends on its own path only (never on its siblings): the path without a `.txt`
 * extension, or with the extension spelled out for other types ("notes.md" → "notes-md").
 */
function idFor(rel: string): string {
  const ext = extname(rel).toLowerCase();
  const stem = slug(rel.slice(0, rel.length - ext.length));
  return ext === '.txt' ? stem : `${stem}-${ext.slice(1)}`;
}

/** The supported files under each root (a folder or a file), with stable ids derived from their paths. */
export function listCorpus(roots: string[]): CorpusFile[] {
  const files: { file: string; rel: string }[] = [];
  for (const root of roots) {
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat) throw new CitedError('CORPUS_NOT_FOUND', `corpus path ${root} does not exist`);
    const prefix = roots.length > 1 ? `${basename(resolve(root))}/` : '';
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(root, found);
      for (const f of found.sort()) files.push({ file: resolve(f), rel: prefix + relative(root, f).split('\\').join('/') });
    } else if (SUPPORTED_EXTENSIONS.has(extname(root).toLowerCase())) files.push({ file: resolve(root), rel: prefix + basename(root) });
    else throw new CitedError('CORPUS_NOT_FOUND', `${root} is not a .txt, .md or .html document`);
  }
  const seen = new Set<string>();
  return files.map(({ file, rel }) => {
    let id = idFor(rel);
    if (seen.has(id)) id = `${id}-${createHash('sha1').update(file).digest('hex').slice(0, 6)}`;
    seen.add(id);
    return { file, path: file, id };
  });
}

/** sha256 of each file's bytes, keyed by absolute path: what staleness is judged on. */
export function fingerprint(files: CorpusFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, createHash('sha256').update(readFileSync(f.file)).digest('hex')]));
}
