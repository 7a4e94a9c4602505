export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The seam between the answerers and whatever serves a chat model (an OpenAI-compatible server today; see
 * OpenAIChatModel). What every implementation promises, checked by tests/llm/chat-model.contract.ts:
 * - the pieces `stream` yields, joined, are the text `complete` returns;
 * - an aborted `signal`, a consumer that stops reading, or a spent budget ends the call and releases what it
 *   holds upstream;
 * - failures are CitedErrors with a typed code (`ABORTED`, `LLM_TIMEOUT`, `LLM_RATE_LIMITED`, `LLM_UNAVAILABLE`,
 *   `LLM_BAD_RESPONSE`), never the upstream's own error or text;
 * - a call that ends early (abort, timeout) throws rather than passing a cut-off answer for a whole one.
 */
export interface ChatModel {
  /** The whole call's budget, in ms; a caller gives a share of it to a short call (see `budgetMs`). */
  readonly timeoutMs: number;
  /** The answer as it arrives. `budgetMs` caps this call below `timeoutMs`. */
  stream(messages: ChatMessage[], signal?: AbortSignal, budgetMs?: number): AsyncIterable<string>;
  /** The whole answer as one string (for short calls such as condensing a follow-up). */
  complete(messages: ChatMessage[], signal?: AbortSignal, budgetMs?: number): Promise<string>;
}
