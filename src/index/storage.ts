import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CitedError } from '../errors.js';
import { lockIndexDir } from './lock.js';
import { writeFailure } from './write-error.js';
import type { Manifest } from './manifest.js';
import { fsyncPath, nodeFileOps, writeDurable } from './storage-files.js';
import type { FileData, VersionFileOps } from './storage-files.js';
import { CURRENT, MANIFEST, collectGarbage, currentPointer, removeStale } from './storage-versions.js';

export { nodeFileOps, sha256 } from './storage-files.js';
export type { VersionFileOps } from './storage-files.js';
export { currentPointer, currentVersionDir, currentVersionName } from './storage-versions.js';
export { openVersion, peekFormat, readManifest } from './storage-read.js';

export interface WriteOptions {
  /** The caller already holds the writer lock (an ingest takes it before reading the corpus). */
  lockHeld?: boolean;
  /**
   * The CURRENT version the new one was built from (null: there was none). When CURRENT names another version by
   * the time of the swap, another writer got there first and the new version is dropped, never swapped in.
   */
  base?: string | null;
  ops?: VersionFileOps;
}

export function writeVersion(
  indexDir: string,
  files: Record<string, FileData>,
  manifest: Omit<Manifest, 'files'>,
  opts: WriteOptions = {},
): string {
  if (opts.lockHeld) return writeLocked(indexDir, files, manifest, opts);
  const release = lockIndexDir(indexDir);
  try {
    return writeLocked(indexDir, files, manifest, opts);
  } finally {
    release();
  }
}

function writeLocked(
  indexDir: string,
  files: Record<string, FileData>,
  manifest: Omit<Manifest, 'files'>,
  opts: WriteOptions,
): string {
  const ops = opts.ops ?? nodeFileOps;
  removeStale(indexDir);
  const name = `v-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmp = join(indexDir, `${name}.tmp`);
  const pointer = join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  let at = tmp;
  let swapped = false;
  try {
    ops.mkdir(tmp);
    const checksums: Record<string, string> = {};
    for (const [file, data] of Object.entries(files)) checksums[file] = writeDurable(ops, (at = join(tmp, file)), data);
    writeDurable(ops, (at = join(tmp, MANIFEST)), JSON.stringify({ ...manifest, files: checksums }, null, 1));
    fsyncPath(ops, (at = tmp));
    ops.rename(tmp, (at = join(indexDir, name)));
    fsyncPath(ops, (at = indexDir));
    if (opts.base !== undefined) checkBase(indexDir, opts.base);
    writeDurable(ops, (at = pointer), name);
    ops.rename(pointer, (at = join(indexDir, CURRENT)));
    swapped = true;
    fsyncPath(ops, (at = indexDir));
  } catch (e) {
    // A failed version never stays behind to fill the disk further (it is not live: CURRENT never named it).
    const failed = swapped ? [] : [tmp, join(indexDir, name), pointer];
    for (const path of failed) rmSync(path, { recursive: true, force: true });
    throw writeFailure(e, at);
  }
  collectGarbage(indexDir, name);
  return join(indexDir, name);
}

/** An ingest built on an older CURRENT must not replace a newer one that another writer swapped in meanwhile. */
function checkBase(indexDir: string, base: string | null): void {
  const now = currentPointer(indexDir);
  if (now === base) return;
  throw new CitedError(
    'INDEX_BUSY',
    `the index in ${indexDir} changed while this ingest ran ` +
      `(CURRENT moved from ${base ?? 'none'} to ${now ?? 'none'}); ` +
      'its result was dropped so that the newer index stays: run the ingest again',
  );
}
