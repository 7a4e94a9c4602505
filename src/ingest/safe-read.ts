import { closeSync, fstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import { sep } from 'node:path';
import { READ_NO_FOLLOW } from '../no-follow.js';
import { MAX_DOCUMENT_BYTES, MB } from '../limits.js';
import { DocumentSkipped } from './skipped.js';

/** What the walk saw: the file must still be this one (same device and inode) when it is read. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** What is read must be the file the walk saw, still inside the corpus root (`inside`, a real path). */
type Expected = FileIdentity & { inside: string };

/** Whether `path` is `dir` or below it (both real paths). */
export const within = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * Where an open descriptor really points, on Linux. O_NOFOLLOW guards only the last component: a folder on the
 * way swapped for a link after the walk would still be followed, and this shows it. Undefined elsewhere.
 */
function openedPath(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
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
export function readRegularFile(real: string, shown: string, expect?: Expected, maxBytes = MAX_DOCUMENT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(real, READ_NO_FOLLOW);
  } catch (e) {
    throw new DocumentSkipped(shown, reasonFor(e));
  }
  try {
    const why = refusal(fd, maxBytes, expect);
    if (why) throw new DocumentSkipped(shown, why);
    return readAll(fd, fstatSync(fd).size, shown);
  } finally {
    closeSync(fd);
  }
}

/** Why an opened file must not be read, judged on the descriptor itself (what is read is what was checked). */
function refusal(fd: number, maxBytes: number, expect?: Expected): string | undefined {
  const stat = fstatSync(fd);
  if (!stat.isFile()) return 'not a regular file';
  if (expect && (stat.dev !== expect.dev || stat.ino !== expect.ino)) return 'replaced during ingest';
  const opened = expect && openedPath(fd);
  if (opened && !within(opened, expect.inside)) return 'moved out of the corpus during ingest';
  if (stat.size > maxBytes)
    return `too large (over ${+(maxBytes / MB).toFixed(1)} MB; CITED_MAX_FILE_MB sets the limit)`;
  return undefined;
}

/** Reads up to `size` bytes (a file that shrank meanwhile gives what it has; one that grew is cut at its size). */
function readAll(fd: number, size: number, shown: string): Buffer {
  const data = Buffer.allocUnsafe(size);
  let at = 0;
  try {
    for (let n; at < size && (n = readSync(fd, data, at, size - at, at)) > 0;) at += n;
  } catch (e) {
    throw new DocumentSkipped(shown, reasonFor(e));
  }
  return data.subarray(0, at);
}
