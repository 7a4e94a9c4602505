import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CitedError } from '../errors.js';
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
    let holder: string;
    try {
      holder = readFileSync(path, 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      throw e;
    }
    const pid = Number(holder);
    if (pid && pid !== process.pid && alive(pid)) {
      throw busy(indexDir, `pid ${pid}`);
    }
    rmSync(path, { force: true });
  }
  throw new CitedError('INDEX_BUSY', `cannot lock ${indexDir}`);
}
