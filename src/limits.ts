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
