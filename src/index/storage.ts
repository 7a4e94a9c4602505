import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitedError } from '../errors.js';
import { acquire } from './lock.js';
import { FORMAT_VERSION, manifestSchema } from './manifest.js';
import type { Manifest } from './manifest.js';

/**
 * Layout: INDEX_DIR/CURRENT names the live version directory (v-…). A new version is written under a
 * .tmp name, fsynced, renamed, and only then does CURRENT move — by rename, which is atomic. A crash at
 * any point leaves CURRENT naming a complete version.
 */
const CURRENT = 'CURRENT';
const MANIFEST = 'manifest.json';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/**
 * What a version file is made of: its bytes, its bytes in parts (written back to back, so a large file never
 * has to exist as one buffer or string), or a writer that creates the file itself (the HNSW library does).
 */
export type FileData = Uint8Array | string | readonly Uint8Array[] | { writeTo(path: string): void };

const HASH_BLOCK = 8 << 20;

/** sha256 of a file read in blocks, so checking a file of any size needs no buffer of its size. */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(HASH_BLOCK);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, block, 0, HASH_BLOCK, null)) > 0; ) hash.update(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Writes and fsyncs one file; returns its sha256. */
function writeDurable(path: string, data: FileData): string {
  if (typeof data === 'object' && 'writeTo' in data) {
    data.writeTo(path);
    const fd = openSync(path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return sha256File(path);
  }
  const parts = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    for (const part of parts) {
      writeFileSync(fd, part);
      hash.update(part);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeVersion(
  indexDir: string,
  files: Record<string, FileData>,
  manifest: Omit<Manifest, 'files'>,
): string {
  mkdirSync(indexDir, { recursive: true });
  const release = acquire(indexDir);
  try {
    return writeLocked(indexDir, files, manifest);
  } finally {
    release();
  }
}

function writeLocked(indexDir: string, files: Record<string, FileData>, manifest: Omit<Manifest, 'files'>): string {
  const name = `v-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmp = join(indexDir, `${name}.tmp`);
  mkdirSync(tmp);
  const checksums: Record<string, string> = {};
  for (const [file, data] of Object.entries(files)) {
    checksums[file] = writeDurable(join(tmp, file), data);
  }
  writeDurable(join(tmp, MANIFEST), JSON.stringify({ ...manifest, files: checksums }, null, 1));
  fsyncDir(tmp);
  renameSync(tmp, join(indexDir, name));
  fsyncDir(indexDir);
  const pointer = join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  writeDurable(pointer, name);
  renameSync(pointer, join(indexDir, CURRENT));
  fsyncDir(indexDir);
  collectGarbage(indexDir, name);
  return join(indexDir, name);
}

/**
 * Keeps the live version and the one before it (a reader may still be opening it) and removes the rest,
 * including half-written versions: we hold the lock, so no other writer can be filling them.
 */
function collectGarbage(indexDir: string, live: string): void {
  const entries = readdirSync(indexDir);
  const versions = entries.filter((f) => f.startsWith('v-') && f !== live);
  const complete = versions.filter((f) => !f.endsWith('.tmp')).sort();
  const keep = new Set(complete.slice(-1));
  for (const f of versions) if (!keep.has(f)) rmSync(join(indexDir, f), { recursive: true, force: true });
  for (const f of entries) if (/^CURRENT\.\d+\.tmp$/.test(f)) rmSync(join(indexDir, f), { force: true });
}

export function currentVersionDir(indexDir: string): string | undefined {
  const pointer = join(indexDir, CURRENT);
  if (!existsSync(pointer)) return undefined;
  try {
    return join(indexDir, readFileSync(pointer, 'utf8').trim());
  } catch (e) {
    throw corrupt(`index pointer ${pointer} is unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`, indexDir);
  }
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
    const raw = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { formatVersion?: unknown; roots?: unknown };
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
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw corrupt(`index manifest ${path} is missing or unreadable`, indexDir);
  }
  const parsed = manifestSchema.safeParse(raw);
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    throw corrupt(`index in ${dir} has format ${version}, written by ${version < FORMAT_VERSION ? 'an older' : 'a newer'} cited (this one reads format ${FORMAT_VERSION})`, indexDir);
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

const missingOr = (e: unknown) => ((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(e as Error).message})`);

/** Reads a whole file; readFileSync stops at 2 GiB, a Buffer on Node 20 holds up to 4 GiB. */
function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
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
