/** Every failure `cited` reports carries one of these codes; the HTTP layer maps them to statuses. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CORPUS_NOT_FOUND'
  | 'CORPUS_EMPTY'
  | 'CORPUS_UNREADABLE'
  | 'CORPUS_MISMATCH'
  | 'DOCUMENT_UNREADABLE'
  | 'DOCUMENT_UNSUPPORTED'
  | 'INDEX_MISSING'
  | 'INDEX_CORRUPT'
  | 'INDEX_EMBEDDER_MISMATCH'
  | 'INDEX_BUSY'
  | 'INDEX_WRITE_FAILED'
  | 'STORE_UNAVAILABLE'
  | 'EMBEDDINGS_UNAVAILABLE'
  | 'EMBEDDINGS_FAILED'
  | 'PROMPT_MISSING'
  | 'LLM_TIMEOUT'
  | 'LLM_UNAVAILABLE'
  | 'LLM_RATE_LIMITED'
  | 'LLM_BAD_RESPONSE'
  | 'ABORTED'
  | 'INVALID_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'ORIGIN_NOT_ALLOWED'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_READY'
  | 'SHUTTING_DOWN'
  | 'NOT_FOUND'
  | 'INTERNAL';

export class CitedError extends Error {
  override readonly name = 'CitedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isCitedError = (e: unknown): e is CitedError => e instanceof CitedError;

/** Wraps anything thrown into a CitedError without losing the original as `cause`. */
export function toCitedError(e: unknown, code: ErrorCode = 'INTERNAL'): CitedError {
  if (e instanceof CitedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new CitedError(code, message, { cause: e });
}
