import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CitedError, toCitedError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** The one place where error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  INVALID_REQUEST: 400,
  CONFIG_INVALID: 500,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  // 403, not 401: no key will help; the site's origin must be added to CITED_CORS_ORIGINS.
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  CORPUS_NOT_FOUND: 500,
  CORPUS_EMPTY: 500,
  CORPUS_UNREADABLE: 500,
  // 409: the index everyone serves was read from another machine's copy of the corpus; the change belongs there.
  CORPUS_MISMATCH: 409,
  // Over HTTP only an uploaded file meets this: content the loaders cannot read (a damaged PDF, an empty file).
  DOCUMENT_UNREADABLE: 422,
  DOCUMENT_UNSUPPORTED: 415,
  PROMPT_MISSING: 500,
  EMBEDDINGS_FAILED: 502,
  LLM_TIMEOUT: 504,
  LLM_UNAVAILABLE: 502,
  LLM_RATE_LIMITED: 502,
  LLM_BAD_RESPONSE: 502,
  NOT_READY: 503,
  SHUTTING_DOWN: 503,
  INDEX_MISSING: 503,
  INDEX_CORRUPT: 503,
  INDEX_EMBEDDER_MISMATCH: 503,
  INDEX_BUSY: 503,
  // 507 Insufficient Storage, not 503: a full disk, a quota or a read-only mount is not cured by retrying later
  // (503 invites a retry); someone has to free space or fix permissions, and the status says which kind of fault.
  INDEX_WRITE_FAILED: 507,
  EMBEDDINGS_UNAVAILABLE: 503,
  // The database behind CITED_STORE cannot be reached: the pool reconnects by itself once it is back.
  STORE_UNAVAILABLE: 503,
  ABORTED: 499 as ContentfulStatusCode,
};

export const statusOf = (code: ErrorCode): ContentfulStatusCode => STATUS[code] ?? 500;

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Internal failures keep their detail in logs, never in the response. */
export function errorBody(e: CitedError): ErrorBody {
  const status = statusOf(e.code);
  const message = status >= 500 && e.code === 'INTERNAL' ? 'internal error' : e.message;
  return { error: { code: e.code, message } };
}

export function fromUnknown(e: unknown): CitedError {
  if (e instanceof HTTPException) {
    const code: ErrorCode =
      e.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : e.status === 401
          ? 'UNAUTHORIZED'
          : e.status === 404
            ? 'NOT_FOUND'
            : e.status < 500
              ? 'INVALID_REQUEST'
              : 'INTERNAL';
    return new CitedError(code, e.message || 'request failed');
  }
  return toCitedError(e);
}

/** Node's codes for a peer that went away mid-request. */
const PEER_GONE = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Whether `e` (or what it wraps) is a socket that went away: the client's, when it comes from reading its body. */
export function isPeerGone(e: unknown): boolean {
  for (let cause = e, i = 0; cause instanceof Error && i < MAX_CAUSE_DEPTH; cause = cause.cause, i++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if ((code !== undefined && PEER_GONE.has(code)) || cause.message === 'aborted') return true;
  }
  return false;
}

/** The client hung up before its request was complete: its doing, a 499 logged in one line, not a 500. */
export const clientAborted = (cause: unknown): CitedError =>
  new CitedError('ABORTED', 'the client closed the connection before the request was complete', { cause });

/** Causes are followed a few levels (fetch wraps the socket error once or twice), never as deep as a cycle goes. */
const MAX_CAUSE_DEPTH = 4;

/**
 * Seconds a client is told to wait (Retry-After) when the store is down: long enough not to hammer a database that
 * is restarting (a managed failover takes 10–60 s), short enough that a client retries soon after it is back.
 */
const STORE_RETRY_AFTER_S = 5;

export function sendError(c: Context, e: CitedError, headers: Record<string, string> = {}): Response {
  if (e.code === 'STORE_UNAVAILABLE') c.header('Retry-After', String(STORE_RETRY_AFTER_S));
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(errorBody(e), statusOf(e.code));
}
