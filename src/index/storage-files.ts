import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { READ_NO_FOLLOW } from '../no-follow.js';

/** The index store's files: written durably with their checksum, read only when they are regular files. */

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

/** The first `max` bytes of a regular file, as text. */
export function readHead(path: string, max: number): string {
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
export function sha256File(path: string): string {
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
export function writeDurable(ops: VersionFileOps, path: string, data: FileData): string {
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

export function fsyncPath(ops: VersionFileOps, path: string, flags: 'r' | 'r+' = 'r'): void {
  const fd = ops.open(path, flags);
  try {
    ops.fsync(fd);
  } finally {
    ops.close(fd);
  }
}

/** Reads a whole file; readFileSync stops at 2 GiB, a Buffer on Node 20 holds up to 4 GiB. */
export function readWhole(path: string): Buffer {
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
