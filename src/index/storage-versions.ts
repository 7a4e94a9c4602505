import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CitedError } from '../errors.js';
import { readHead } from './storage-files.js';

/**
 * Layout: INDEX_DIR/CURRENT names the live version directory (v-…). A new version is written under a
 * .tmp name, fsynced, renamed, and only then does CURRENT move — by rename, which is atomic. A crash at
 * any point leaves CURRENT naming a complete version.
 */
export const CURRENT = 'CURRENT';
export const MANIFEST = 'manifest.json';
/** How the writer names versions, `v-<ms since 1970, base 36>-<3 random bytes, hex>`: CURRENT names nothing else. */
const VERSION_NAME = /^v-[0-9a-z]{1,12}-[0-9a-f]{6}$/;
/** Leftovers of writers that stopped half-way: a version not yet renamed into place, a pointer not yet moved. */
const STALE = /^(v-.*\.tmp|CURRENT\.\d+\.tmp)$/;

/**
 * The longest CURRENT read: a version name is at most 21 characters (`v-` + 12 + `-` + 6), so anything near 64
 * bytes is not a pointer of ours and is not read further.
 */
const MAX_POINTER_BYTES = 64;

/** Half-written versions and pointers of writers that stopped: we hold the lock, so nobody is still filling them. */
export function removeStale(indexDir: string): void {
  for (const f of readdirSync(indexDir)) if (STALE.test(f)) rmSync(join(indexDir, f), { recursive: true, force: true });
}

/**
 * Keeps the live version and the one before it (a reader may still be opening it) and removes older ones;
 * half-written leftovers were already removed before writing (removeStale), and this write left none.
 */
export function collectGarbage(indexDir: string, live: string): void {
  const complete = readdirSync(indexDir)
    .filter((f) => VERSION_NAME.test(f) && f !== live)
    .sort();
  for (const f of complete.slice(0, -1)) rmSync(join(indexDir, f), { recursive: true, force: true });
}

/**
 * The version CURRENT names, checked to be a name the writer produces: a direct child of the index directory, so
 * a CURRENT holding `../../elsewhere` or an absolute path is damage, never an index loaded from elsewhere.
 */
export function currentVersionName(indexDir: string): string | undefined {
  const pointer = join(indexDir, CURRENT);
  // lstat, not exists: a CURRENT that is a link (to itself, to /dev/zero) is damage, not a missing index.
  if (!lstatSync(pointer, { throwIfNoEntry: false })) return undefined;
  let name: string;
  try {
    name = readHead(pointer, MAX_POINTER_BYTES).trim();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP'
        ? 'is a symlink'
        : code === 'ENOTREG'
          ? 'is not a regular file'
          : `is unreadable (${code ?? 'error'})`;
    throw corrupt(`index pointer ${pointer} ${why}`, indexDir);
  }
  if (!VERSION_NAME.test(name) || basename(name) !== name) {
    const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
    throw corrupt(`index pointer ${pointer} names ${shown}, which is not a version directory of this index`, indexDir);
  }
  return name;
}

/**
 * CURRENT's raw content (null when there is none), unvalidated: only compared, to see whether another writer moved
 * it, so that a damaged pointer can still be replaced by an ingest.
 */
export function currentPointer(indexDir: string): string | null {
  try {
    return readHead(join(indexDir, CURRENT), MAX_POINTER_BYTES).trim();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : `(unreadable: ${code})`;
  }
}

export function currentVersionDir(indexDir: string): string | undefined {
  const name = currentVersionName(indexDir);
  if (name === undefined) return undefined;
  const dir = join(indexDir, name);
  // The writer makes version directories itself; one that is a link leads out of the index folder.
  if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw corrupt(`index version ${dir} is a symlink, not a version directory of this index`, indexDir);
  }
  return dir;
}

export const corrupt = (what: string, indexDir: string) =>
  new CitedError('INDEX_CORRUPT', `${what}; delete ${indexDir} and run \`cited ingest\` to rebuild it`);
