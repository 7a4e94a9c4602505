import { CitedError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** A file the corpus walker or a loader left out, and why: reported, never fatal to an ingest. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Thrown for one file that cannot become a document; the ingest records it and goes on with the next. */
export class DocumentSkipped extends CitedError {
  constructor(
    readonly path: string,
    readonly reason: string,
    code: Extract<ErrorCode, 'DOCUMENT_UNREADABLE' | 'DOCUMENT_UNSUPPORTED'> = 'DOCUMENT_UNREADABLE',
  ) {
    super(code, `${path}: ${reason}`);
  }
}
