/**
 * Request limits that the HTTP API, the OpenAI-compatible endpoint, the CLI, the eval datasets and the widget all
 * enforce: one source for each, so they cannot drift apart.
 */

/** A question or query: room for a pasted paragraph, while per-request analysis stays small. */
export const MAX_QUESTION_CHARS = 2000;

/** Earlier turns sent with a follow-up: ten exchanges, more than condensing a follow-up ever needs. */
export const MAX_HISTORY_TURNS = 20;

/** Sources retrieved for one question: more than a reader checks, and each costs ranking work. */
export const MAX_K = 20;

/** A megabyte as CITED_MAX_FILE_MB counts it: 2^20 bytes, as `ls -lh` and file managers show sizes. */
export const MB = 1 << 20;

/**
 * The largest document read by default (CITED_MAX_FILE_MB changes it). The issue measured a 50 MB file taking
 * ingest to 2.5 GB (about 50× its size: bytes, text, sentences, chunks, vectors); 16 MiB keeps one document under
 * ~1 GB at that ratio and is still five times the longest novels (War and Peace is 3.2 MB of text). Anything larger
 * is an export or a log, not a document.
 */
export const MAX_DOCUMENT_BYTES = 16 * MB;
