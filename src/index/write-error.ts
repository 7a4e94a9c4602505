import { CitedError } from '../errors.js';

/** Faults of the disk or its permissions, which no retry by the writer fixes; named so the message says which. */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/** A write fault of the disk as INDEX_WRITE_FAILED naming the path and the cause; anything else is returned as is. */
export function writeFailure(e: unknown, path: string): unknown {
  const err = e as NodeJS.ErrnoException;
  const cause = err?.code ? CAUSES[err.code] : undefined;
  if (!cause) return e;
  const message = `cannot write the index at ${err.path ?? path}: ${cause} (${err.code})`;
  return new CitedError('INDEX_WRITE_FAILED', message, { cause: e });
}
