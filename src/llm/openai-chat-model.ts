import type OpenAI from 'openai';
import { openaiSdk } from './lazy.js';
import { CitedError } from '../errors.js';
import type { ChatMessage, ChatModel } from './chat-model.js';

export interface OpenAIChatModelOptions {
  client: OpenAI;
  model: string;
  /** The whole call's budget, retries included: past it the request is abandoned, however it is trickling. */
  timeoutMs: number;
  /** Retries of a failed request (5xx, 429, connection errors) before anything was streamed. */
  retries: number;
  temperature?: number;
}

/** Maps whatever the SDK throws to one of our codes; the upstream's own text never reaches a user. */
function toLlmError(e: unknown, timedOut: boolean): CitedError {
  if (e instanceof CitedError) return e;
  const OpenAI = openaiSdk();
  if (timedOut) return new CitedError('LLM_TIMEOUT', 'the language model did not answer in time', { cause: e });
  if (e instanceof OpenAI.APIUserAbortError)
    return new CitedError('ABORTED', 'the request was cancelled', { cause: e });
  if (e instanceof OpenAI.RateLimitError)
    return new CitedError('LLM_RATE_LIMITED', 'the language model is rate limited', { cause: e });
  if (e instanceof OpenAI.APIConnectionError || e instanceof OpenAI.InternalServerError) {
    return new CitedError('LLM_UNAVAILABLE', 'the language model is unavailable', { cause: e });
  }
  if (e instanceof OpenAI.APIError)
    return new CitedError('LLM_UNAVAILABLE', `the language model refused the request (${e.status ?? 'no status'})`, {
      cause: e,
    });
  return new CitedError('LLM_BAD_RESPONSE', 'the language model sent a malformed response', { cause: e });
}

/**
 * A chat model over any OpenAI-compatible server. Streams text; aborts the upstream request when the caller's
 * signal fires or when `timeoutMs` has passed since the call began, so neither a hung server nor one that
 * trickles a token at a time can hold an answer longer than the configured timeout.
 */
export class OpenAIChatModel implements ChatModel {
  constructor(private readonly opts: OpenAIChatModelOptions) {}

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  /** `budgetMs` caps this call below the configured timeout (a follow-up's condensing gets a share of it). */
  async *stream(messages: ChatMessage[], signal?: AbortSignal, budgetMs = this.opts.timeoutMs): AsyncGenerator<string> {
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        ctrl.abort(new Error('timeout'));
      },
      Math.min(budgetMs, this.opts.timeoutMs),
    );
    try {
      if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
      const stream = await this.opts.client.chat.completions.create(
        { model: this.opts.model, messages, stream: true, temperature: this.opts.temperature ?? 0 },
        // Our own deadline decides; the SDK's per-attempt timeout only backs it up.
        { signal: ctrl.signal, maxRetries: this.opts.retries, timeout: this.opts.timeoutMs + 1000 },
      );
      for await (const chunk of stream) {
        const text = chunk.choices?.[0]?.delta?.content;
        if (text) yield text;
      }
      // An abort mid-stream can end the iteration quietly: a cut-off answer must not pass for a whole one.
      if (timedOut) throw new CitedError('LLM_TIMEOUT', 'the language model did not finish in time');
      if (ctrl.signal.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
    } catch (e) {
      throw toLlmError(e, timedOut);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A consumer that stops reading ends up here too: make sure the upstream request is closed.
      if (!ctrl.signal.aborted) ctrl.abort(new Error('consumer stopped'));
    }
  }

  /** The whole completion as one string (used for short calls such as condensing a follow-up). */
  async complete(messages: ChatMessage[], signal?: AbortSignal, budgetMs?: number): Promise<string> {
    let text = '';
    for await (const piece of this.stream(messages, signal, budgetMs)) text += piece;
    return text;
  }
}
