import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { CitedError } from '../errors.js';
import { isSystemPath, supported, unsupported, walk } from './corpus-walk.js';
import { SUPPORTED_LIST } from './sniff.js';
import type { Found } from './corpus-walk.js';
import { readRegularFile } from './safe-read.js';
import type { FileIdentity } from './safe-read.js';
import type { SkippedFile } from './skipped.js';

export interface CorpusFile extends FileIdentity {
  /** Absolute path of the file as the corpus names it (a link inside the corpus keeps its own name). */
  file: string;
  /** What the index records as the document's path (absolute, so that two roots never collide). */
  path: string;
  id: string;
  /** The resolved path, inside the corpus root: what is opened and read. */
  real: string;
  /** The real path of the root it was found under: what is read must still be inside it. */
  root: string;
}

export interface CorpusListing {
  files: CorpusFile[];
  /** Files left out, with the reason (links out of the corpus, loops, FIFOs, devices…). */
  skipped: SkippedFile[];
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'doc';

/**
 * A document's id depends on its own path only (never on its siblings): the path without a `.txt`
 * extension, or with the extension spelled out for other types ("notes.md" → "notes-md").
 */
function idFor(rel: string): string {
  const ext = extname(rel).toLowerCase();
  const stem = slug(rel.slice(0, rel.length - ext.length));
  return ext === '.txt' ? stem : `${stem}-${ext.slice(1)}`;
}

/** The root's real path and type; a root that is missing, a loop, unreadable or a system folder is refused. */
function openRoot(root: string): { real: string; stat: Stats } {
  let real: string;
  try {
    real = realpathSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CitedError('CORPUS_NOT_FOUND', `corpus path ${root} does not exist`);
    const why = code === 'ELOOP' ? 'is a symlink loop' : `cannot be read (${code ?? (e as Error).message})`;
    throw new CitedError('CORPUS_UNREADABLE', `corpus path ${root} ${why}`);
  }
  if (isSystemPath(real)) {
    const why = 'is in /proc, /sys or /dev: system files are never a corpus';
    throw new CitedError('CORPUS_UNREADABLE', `corpus path ${root} ${why}`);
  }
  return { real, stat: statSync(real) };
}

interface Listed extends Found {
  rel: string;
  root: string;
}

function listRoot(root: string, prefix: string, skipped: SkippedFile[]): Listed[] {
  const { real, stat } = openRoot(root);
  if (stat.isDirectory()) {
    const found: Found[] = [];
    walk(root, real, found, skipped);
    return found
      .map((f) => ({
        ...f,
        root: real,
        file: resolve(f.file),
        rel: prefix + relative(root, f.file).split(sep).join('/'),
      }))
      .sort((a, b) => byPath(a.file, b.file));
  }
  if (!supported(root)) {
    throw new CitedError('DOCUMENT_UNSUPPORTED', `${root}: ${unsupported(root)}; cited reads ${SUPPORTED_LIST} files`);
  }
  if (!stat.isFile()) throw new CitedError('CORPUS_UNREADABLE', `corpus path ${root} is not a regular file`);
  return [{ file: resolve(root), real, stat, root: real, rel: prefix + basename(root) }];
}

/**
 * The supported regular files under each root (a folder or a file), with stable ids derived from their paths,
 * and every file left out with its reason. Only files whose real path is inside the root's real path are taken.
 */
export function scanCorpus(roots: string[]): CorpusListing {
  const skipped: SkippedFile[] = [];
  const files: Listed[] = [];
  for (const root of roots) {
    const prefix = roots.length > 1 ? `${basename(resolve(root))}/` : '';
    for (const f of listRoot(root, prefix, skipped)) files.push(f);
  }
  const seen = new Set<string>();
  const listed = files.map(({ file, real, stat, rel, root }) => {
    let id = idFor(rel);
    if (seen.has(id)) id = `${id}-${createHash('sha1').update(file).digest('hex').slice(0, 6)}`;
    seen.add(id);
    return { file, path: file, id, real, root, dev: stat.dev, ino: stat.ino };
  });
  // In path order, not the order directories happen to list their entries: the same corpus, the same report.
  return { files: listed, skipped: skipped.sort((a, b) => byPath(a.path, b.path)) };
}

/** The files scanCorpus takes (without the skipped ones). */
export const listCorpus = (roots: string[]): CorpusFile[] => scanCorpus(roots).files;

/** A listed file's bytes, read safely: still the same regular file the walk saw, inside the corpus. */
export const readCorpusFile = (f: CorpusFile, maxBytes?: number): Buffer =>
  readRegularFile(f.real, f.path, { ...f, inside: f.root }, maxBytes);
