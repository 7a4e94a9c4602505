import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { typeFromName } from './sniff.js';
import { within } from './safe-read.js';
import type { SkippedFile } from './skipped.js';

/**
 * The corpus walk: every entry under a root resolved by lstat, links followed only inside the root, loops and system
 * folders left out with their reason (see scanCorpus in corpus.ts).
 */

/** Kernel and device file systems: their "files" are live process state (environ, memory) or devices. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

export const isSystemPath = (real: string) => SYSTEM_DIRS.some((d) => within(real, d));
export const supported = (name: string) => typeFromName(name) !== undefined;

/** Why a file of another type is left out, for the ingest report: "unsupported type (.json)". */
export const unsupported = (name: string) => `unsupported type (${extname(name).toLowerCase() || 'no extension'})`;
const dirKey = (s: Stats) => `${s.dev}:${s.ino}`;

export interface Found {
  file: string;
  real: string;
  stat: Stats;
}

/** What a directory entry is, after resolving a link: a file or folder to take, or the reason it is left out. */
type Resolved = { real: string; stat: Stats } | { skip: string };

/**
 * Resolves one entry from its lstat, never from the directory listing's type (some file systems give none): a
 * symlink is followed to its real path, which must stay inside the root and out of the system folders.
 */
function resolveEntry(full: string, inDir: string, realRoot: string): Resolved {
  let real = inDir;
  let stat: Stats;
  let isLink = false;
  try {
    stat = lstatSync(inDir);
    if (stat.isSymbolicLink()) {
      isLink = true;
      real = realpathSync(full);
      stat = lstatSync(real);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { skip: 'loop' };
    if (code === 'ENOENT') return isLink ? { skip: 'dangling symlink' } : { skip: 'vanished during ingest' };
    return { skip: `unreadable: ${code ?? (e as Error).message}` };
  }
  if (isSystemPath(real)) return { skip: 'system file (/proc, /sys, /dev)' };
  if (!within(real, realRoot)) return { skip: 'symlink outside the corpus' };
  return { real, stat };
}

interface Walk {
  realRoot: string;
  visited: Set<string>;
  stack: { dir: string; real: string }[];
  found: Found[];
  skipped: SkippedFile[];
}

/** Takes one directory entry: a folder to walk, a document, a file left out with its reason, or nothing. */
function visit(w: Walk, full: string, real: string, name: string): void {
  const r = resolveEntry(full, real, w.realRoot);
  if ('skip' in r) {
    w.skipped.push({ path: full, reason: r.skip });
  } else if (r.stat.isDirectory() && w.visited.has(dirKey(r.stat))) {
    w.skipped.push({ path: full, reason: 'loop' });
  } else if (r.stat.isDirectory()) {
    w.visited.add(dirKey(r.stat));
    w.stack.push({ dir: full, real: r.real });
  } else if (supported(name)) {
    if (r.stat.isFile()) w.found.push({ file: full, real: r.real, stat: r.stat });
    else w.skipped.push({ path: full, reason: 'not a regular file' });
  } else {
    w.skipped.push({ path: full, reason: unsupported(name) });
  }
}

/**
 * Walks one folder without recursion (a deep tree sets no stack depth). Links are resolved and must stay inside
 * the root; a folder already visited (by device and inode) is a loop, so `a -> .` or a link back up ends here.
 */
export function walk(root: string, realRoot: string, found: Found[], skipped: SkippedFile[]): void {
  const visited = new Set([dirKey(statSync(realRoot))]);
  const w: Walk = { realRoot, visited, stack: [{ dir: root, real: realRoot }], found, skipped };
  while (w.stack.length) {
    const { dir, real } = w.stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      // Plain files of other types are not documents, but are named in the report (a user who put a spreadsheet in
      // the folder learns why it is not answered from); every link is resolved and judged.
      if (entry.isFile() && !supported(entry.name)) {
        skipped.push({ path: join(dir, entry.name), reason: unsupported(entry.name) });
        continue;
      }
      visit(w, join(dir, entry.name), join(real, entry.name), entry.name);
    }
  }
}
