import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { DocumentSkipped } from './skipped.js';

/**
 * The largest document read. The issue measured a 50 MB file taking ingest to 2.5 GB (about 50× its size: bytes,
 * text, sentences, chunks, vectors); 16 MiB keeps one document under ~1 GB at that ratio and is still five times
 * the longest novels (War and Peace is 3.2 MB of text). Anything larger is an export or a log, not a document.
 */
export const MAX_DOCUMENT_BYTES = 16 << 20;

// O_NOFOLLOW: a symlink swapped in after the walk checked the path is refused, never followed.
// O_NONBLOCK: a FIFO swapped in opens without waiting for a writer, and is then refused by fstat.
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** What the walk saw: the file must still be this one (same device and inode) when it is read. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** Why an open or a read failed, in words a report can show. */
function reasonFor(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'vanished during ingest';
  if (code === 'ELOOP') return 'replaced by a symlink during ingest';
  return `unreadable: ${code ?? (e as Error).message}`;
}

/**
 * Reads a regular file through one descriptor, checked with fstat, so nothing swapped in between the walk's check
 * and this read (a symlink, a FIFO, a device, another file) is read instead. `shown` is the path reports name.
 */
export function readRegularFile(real: string, shown: string, expect?: FileIdentity): Buffer {
  let fd: number;
  try {
    fd = openSync(real, FLAGS);
  } catch (e) {
    throw new DocumentSkipped(shown, reasonFor(e));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new DocumentSkipped(shown, 'not a regular file');
    if (expect && (stat.dev !== expect.dev || stat.ino !== expect.ino)) throw new DocumentSkipped(shown, 'replaced during ingest');
    if (stat.size > MAX_DOCUMENT_BYTES) throw new DocumentSkipped(shown, `too large (over ${MAX_DOCUMENT_BYTES >> 20} MiB)`);
    return readAll(fd, stat.size, shown);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `size` bytes (a file that shrank meanwhile gives what it has; one that grew is cut at its size). */
function readAll(fd: number, size: number, shown: string): Buffer {
  const data = Buffer.allocUnsafe(size);
  let at = 0;
  try {
    for (let n; at < size && (n = readSync(fd, data, at, size - at, at)) > 0; ) at += n;
  } catch (e) {
    throw new DocumentSkipped(shown, reasonFor(e));
  }
  return data.subarray(0, at);
}
