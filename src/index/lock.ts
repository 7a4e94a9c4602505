import {
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { CitedError } from '../errors.js';
import { READ_NO_FOLLOW } from '../no-follow.js';
import { writeFailure } from './write-error.js';

const LOCK = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Index directories this process holds the lock of: a lock file naming our own pid is ours only if it is listed
 * here (two ingests in one server); otherwise it was left by an earlier process that had our pid.
 */
const held = new Set<string>();

const busy = (indexDir: string, who: string) =>
  new CitedError('INDEX_BUSY', `another ingest (${who}) is writing ${indexDir}; try again when it has finished`);

/** Creates the index directory if needed and takes its writer lock; a disk fault is INDEX_WRITE_FAILED. */
export function lockIndexDir(indexDir: string): () => void {
  try {
    mkdirSync(indexDir, { recursive: true });
  } catch (e) {
    throw writeFailure(e, indexDir);
  }
  return acquire(indexDir);
}

/** One writer at a time per index directory; a lock left by a dead process is taken over. */
export function acquire(indexDir: string): () => void {
  const path = resolve(indexDir, LOCK);
  if (held.has(path)) throw busy(indexDir, 'in this process');
  try {
    tryAcquire(indexDir, path);
  } catch (e) {
    throw writeFailure(e, path);
  }
  held.add(path);
  return () => {
    held.delete(path);
    rmSync(path, { force: true });
  };
}

// A pid has at most 10 digits.
const MAX_HOLDER_BYTES = 32;

/** The pid a lock file names (0 when it names none) and the lock file's inode. */
function readHolder(path: string): { pid: number; ino: number } {
  let fd: number;
  try {
    fd = openSync(path, READ_NO_FOLLOW);
  } catch (e) {
    // A symlink in the lock's place names no writer: it is judged stale like any lock of a dead process.
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return { pid: 0, ino: lstatSync(path).ino };
    throw e;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { pid: 0, ino: stat.ino };
    const buf = Buffer.alloc(MAX_HOLDER_BYTES);
    const n = readSync(fd, buf, 0, MAX_HOLDER_BYTES, 0);
    return { pid: Number(buf.toString('utf8', 0, n).trim()) || 0, ino: stat.ino };
  } finally {
    closeSync(fd);
  }
}

function tryAcquire(indexDir: string, path: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    // The pid goes into a file of our own that is then linked into place: the lock never exists empty, so a
    // second writer cannot mistake a lock being created for one left by a dead process.
    const mine = join(indexDir, `${LOCK}.${process.pid}.tmp`);
    writeFileSync(mine, String(process.pid));
    try {
      linkSync(mine, path);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(mine, { force: true });
    }
    let holder: { pid: number; ino: number };
    try {
      holder = readHolder(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      throw e;
    }
    if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
      throw busy(indexDir, `pid ${holder.pid}`);
    }
    // Remove the stale lock only if it is still the file we judged: another writer may have taken it over and
    // linked its own lock in place meanwhile, and removing that would let two writers in.
    if (lstatSync(path, { throwIfNoEntry: false })?.ino === holder.ino) rmSync(path, { force: true });
  }
  throw new CitedError('INDEX_BUSY', `cannot lock ${indexDir}`);
}
