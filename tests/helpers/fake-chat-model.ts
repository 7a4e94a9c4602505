import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { CitedError } from '../../src/errors.js';
import type { ChatMessage, ChatModel } from '../../src/llm/index.js';

/**
 * What an upstream chat model does with the next call. Both the in-process fake below and the scripted HTTP
 * server (scripted-openai.ts, `serveChat`) play these, so one contract checks the real model and the fake alike.
 */
export type ChatScript =
  /** Answers with these pieces, in order. */
  | { kind: 'reply'; pieces: string[] }
  /** Sends these pieces, then holds the call open until the caller gives up (abort, budget, stops reading). */
  | { kind: 'hang'; pieces: string[] }
  /** Fails before anything is streamed: rate limited (429), unavailable (500) or refusing the request (400). */
  | { kind: 'fail'; as: 'rate-limited' | 'unavailable' | 'refused' }
  /** Sends something that is not a chat completion. */
  | { kind: 'malformed' };

export interface FakeCall {
  messages: ChatMessage[];
  budgetMs: number;
}

/** The product's default LLM timeout: a fake that nobody gave a budget behaves like the configured model. */
const DEFAULT_TIMEOUT_MS = loadConfig({}).openai.timeoutMs;

const FAILURES = {
  'rate-limited': new CitedError('LLM_RATE_LIMITED', 'the language model is rate limited'),
  unavailable: new CitedError('LLM_UNAVAILABLE', 'the language model is unavailable'),
  refused: new CitedError('LLM_UNAVAILABLE', 'the language model refused the request (400)'),
} as const;

/**
 * An in-process ChatModel that plays a script per call, keeping the interface's promises (budget, abort, typed
 * errors) without a network. Tests pass it wherever a ChatModel is taken; it records every call it gets.
 */
export class FakeChatModel implements ChatModel {
  readonly calls: FakeCall[] = [];
  /** Calls that ended before their script did (abort, budget, a consumer that stopped reading). */
  released = 0;
  readonly timeoutMs: number;

  constructor(
    private readonly script: (messages: ChatMessage[], call: number) => ChatScript,
    private readonly opts: { timeoutMs?: number; onRelease?: () => void } = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async *stream(messages: ChatMessage[], signal?: AbortSignal, budgetMs = this.timeoutMs): AsyncGenerator<string> {
    if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
    const budget = Math.min(budgetMs, this.timeoutMs);
    const deadline = AbortSignal.timeout(budget); // the budget counts from the start of the call, as upstream
    this.calls.push({ messages, budgetMs: budget });
    const script = this.script(messages, this.calls.length - 1);
    let finished = false;
    try {
      if (script.kind === 'fail') throw FAILURES[script.as];
      if (script.kind === 'malformed')
        throw new CitedError('LLM_BAD_RESPONSE', 'the language model sent a malformed response');
      for (const piece of script.pieces) {
        if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
        yield piece;
      }
      if (script.kind === 'hang') await holdUntilGivenUp(deadline, signal);
      finished = true;
    } finally {
      if (!finished) {
        this.released++;
        this.opts.onRelease?.();
      }
    }
  }

  async complete(messages: ChatMessage[], signal?: AbortSignal, budgetMs?: number): Promise<string> {
    let text = '';
    for await (const piece of this.stream(messages, signal, budgetMs)) text += piece;
    return text;
  }
}

/** Waits for the caller's abort or the end of the budget, and throws the matching code. */
async function holdUntilGivenUp(deadline: AbortSignal, signal?: AbortSignal): Promise<never> {
  try {
    // The longest delay a timer takes; the wait really ends on one of the two signals.
    await sleep(2 ** 31 - 1, undefined, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
  } catch {
    // aborted: which signal fired decides the code below
  }
  if (signal?.aborted) throw new CitedError('ABORTED', 'the request was cancelled');
  throw new CitedError('LLM_TIMEOUT', 'the language model did not finish in time');
}
