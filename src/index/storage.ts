import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { CitedError } from '../errors.js';
import { READ_NO_FOLLOW } from '../no-follow.js';
import { lockIndexDir } from './lock.js';
import { writeFailure } from './write-error.js';
import { FORMAT_VERSION, manifestSchema } from './manifest.js';
import type { Manifest } from './manifest.js';

/**
 * Layout: INDEX_DIR/CURRENT names the live version directory (v-…). A new version is written under a
 * .tmp name, fsynced, renamed, and only then does CURRENT move — by rename, which is atomic. A crash at
 * any point leaves CURRENT naming a complete version.
 */
const CURRENT = 'CURRENT';
const MANIFEST = 'manifest.json';
/** How the writer names versions, `v-<ms since 1970, base 36>-<3 random bytes, hex>`: CURRENT names nothing else. */
const VERSION_NAME = /^v-[0-9a-z]{1,12}-[0-9a-f]{6}$/;
/** Leftovers of writers that stopped half-way: a version not yet renamed into place, a pointer not yet moved. */
const STALE = /^(v-.*\.tmp|CURRENT\.\d+\.tmp)$/;

/**
 * The file operations a version is written with: Node's by default, a faulty one in tests (a full disk after N
 * bytes) so every failure path is exercised without monkeypatching `fs`.
 */
export interface VersionFileOps {
  mkdir(path: string): void;
  open(path: string, flags: 'w' | 'r' | 'r+'): number;
  write(fd: number, data: Uint8Array | string): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
}

export const nodeFileOps: VersionFileOps = {
  mkdir: (path) => mkdirSync(path),
  open: (path, flags) => openSync(path, flags),
  write: (fd, data) => writeFileSync(fd, data),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
};

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

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/**
 * What a version file is made of: its bytes, its bytes in parts (written back to back, so a large file never
 * has to exist as one buffer or string), or a writer that creates the file itself (the HNSW library does).
 */
export type FileData = Uint8Array | string | readonly Uint8Array[] | { writeTo(path: string): void };

const HASH_BLOCK = 8 << 20;

/**
 * A descriptor on a regular file at `path`, not followed through a link; anything else throws, so a tampered index
 * folder (CURRENT -> /dev/zero, a FIFO) gives INDEX_CORRUPT, never a hang.
 */
function openRegular(path: string): number {
  const fd = openSync(path, READ_NO_FOLLOW);
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
}

/**
 * The longest CURRENT read: a version name is at most 21 characters (`v-` + 12 + `-` + 6), so anything near 64
 * bytes is not a pointer of ours and is not read further.
 */
const MAX_POINTER_BYTES = 64;

/** The first `max` bytes of a regular file, as text. */
function readHead(path: string, max: number): string {
  const fd = openRegular(path);
  try {
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

/** sha256 of a file read in blocks, so checking a file of any size needs no buffer of its size. */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(HASH_BLOCK);
  const fd = openRegular(path);
  try {
    for (let n; (n = readSync(fd, block, 0, HASH_BLOCK, null)) > 0;) hash.update(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Writes and fsyncs one file; returns its sha256. */
function writeDurable(ops: VersionFileOps, path: string, data: FileData): string {
  if (typeof data === 'object' && 'writeTo' in data) {
    data.writeTo(path);
    fsyncPath(ops, path, 'r+');
    return sha256File(path);
  }
  const parts = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  const hash = createHash('sha256');
  const fd = ops.open(path, 'w');
  try {
    for (const part of parts) {
      ops.write(fd, part);
      hash.update(part);
    }
    ops.fsync(fd);
  } finally {
    ops.close(fd);
  }
  return hash.digest('hex');
}

function fsyncPath(ops: VersionFileOps, path: string, flags: 'r' | 'r+' = 'r'): void {
  const fd = ops.open(path, flags);
  try {
    ops.fsync(fd);
  } finally {
    ops.close(fd);
  }
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

/** Half-written versions and pointers of writers that stopped: we hold the lock, so nobody is still filling them. */
function removeStale(indexDir: string): void {
  for (const f of readdirSync(indexDir)) if (STALE.test(f)) rmSync(join(indexDir, f), { recursive: true, force: true });
}

/**
 * Keeps the live version and the one before it (a reader may still be opening it) and removes older ones;
 * half-written leftovers were already removed before writing (removeStale), and this write left none.
 */
function collectGarbage(indexDir: string, live: string): void {
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

export interface StoredVersion {
  dir: string;
  manifest: Manifest;
  read(file: string): Buffer;
  /** Checks a file against its checksum without holding it in memory; returns its path. */
  verify(file: string): string;
}

const corrupt = (what: string, indexDir: string) =>
  new CitedError('INDEX_CORRUPT', `${what}; delete ${indexDir} and run \`cited ingest\` to rebuild it`);

/**
 * The live version's format and roots, read without validating the rest: an index written by an older cited is
 * rebuilt from the same roots rather than refused.
 */
export function peekFormat(indexDir: string): { version: number; roots: string[] } | undefined {
  const dir = currentVersionDir(indexDir);
  if (!dir) return undefined;
  try {
    const raw = JSON.parse(readWhole(join(dir, MANIFEST)).toString('utf8')) as {
      formatVersion?: unknown;
      roots?: unknown;
    };
    const roots = Array.isArray(raw.roots) ? raw.roots.filter((r): r is string => typeof r === 'string') : [];
    return typeof raw.formatVersion === 'number' ? { version: raw.formatVersion, roots } : undefined;
  } catch {
    return undefined;
  }
}

export function readManifest(indexDir: string): { dir: string; manifest: Manifest } | undefined {
  const dir = currentVersionDir(indexDir);
  if (!dir) return undefined;
  const path = join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(readWhole(path).toString('utf8'));
  } catch {
    throw corrupt(`index manifest ${path} is missing or unreadable`, indexDir);
  }
  const parsed = manifestSchema.safeParse(raw);
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    throw corrupt(
      `index in ${dir} has format ${version}, written by ${version < FORMAT_VERSION ? 'an older' : 'a newer'} cited (this one reads format ${FORMAT_VERSION})`,
      indexDir,
    );
  }
  if (!parsed.success) throw corrupt(`index manifest ${path} is not a cited v${FORMAT_VERSION} manifest`, indexDir);
  return { dir, manifest: parsed.data };
}

/** Opens the live version; every file read is checked against the manifest's checksum. */
export function openVersion(indexDir: string): StoredVersion {
  const found = readManifest(indexDir);
  if (!found) throw new CitedError('INDEX_MISSING', `no index in ${indexDir}; run \`cited ingest\``);
  const { dir, manifest } = found;
  return {
    dir,
    manifest,
    read: (file) =>
      checked(file, (path) => {
        const data = readWhole(path);
        return { sum: sha256(data), value: data };
      }),
    verify: (file) => checked(file, (path) => ({ sum: sha256File(path), value: path })),
  };

  /** Loads a file of the version and checks its checksum against the manifest; damage is INDEX_CORRUPT. */
  function checked<T>(file: string, load: (path: string) => { sum: string; value: T }): T {
    const path = join(dir, file);
    let got: { sum: string; value: T };
    try {
      got = load(path);
    } catch (e) {
      throw corrupt(`index file ${path} ${missingOr(e)}`, indexDir);
    }
    if (got.sum !== manifest.files[file]) throw corrupt(`index file ${path} is damaged (checksum mismatch)`, indexDir);
    return got.value;
  }
}

const missingOr = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(e as Error).message})`;

/** Reads a whole file; readFileSync stops at 2 GiB, a Buffer on Node 20 holds up to 4 GiB. */
function readWhole(path: string): Buffer {
  const fd = openRegular(path);
  try {
    const size = fstatSync(fd).size;
    const data = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, data, at, Math.min(1 << 30, size - at), at);
      if (n === 0) throw new Error(`${path} ended at ${at} of ${size} bytes`);
      at += n;
    }
    return data;
  } finally {
    closeSync(fd);
  }
}
