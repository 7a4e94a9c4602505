import { CitedError } from '../errors.js';
import { checkGenerated } from './check-generated.js';
import type { UnsupportedPolicy } from './check-generated.js';
import type { Answerer, AnswerInput, Draft } from './answerer.js';
import type { LlmAnswerer } from './llm-answerer.js';
import { SentenceGate } from './sentence-gate.js';
import type { TermMatcher } from './term-matcher.js';

/** The LLM's draft also says how many citation markers named no source, for metrics. */
export interface LlmDraft extends Draft {
  dropped: number;
}

/**
 * The LLM as an answerer: its text is let through one checked sentence at a time (what the reader sees while it
 * streams is what the final answer holds), and an empty or wholly unsupported answer is an error, so the service
 * gives the offline answer instead.
 */
export function checkedLlmAnswerer(llm: LlmAnswerer, matcher: TermMatcher, policy: UnsupportedPolicy): Answerer {
  return {
    async *answer({ question, sources, doc, signal }: AnswerInput): AsyncGenerator<string, LlmDraft> {
      const gate = new SentenceGate((text) => checkGenerated(text, sources, { matcher, doc, policy }));
      let raw = '';
      let streamed = false;
      // Checked sentences are joined by a space, as the final answer joins them.
      const emit = function* (texts: string[]): Generator<string> {
        for (const text of texts) {
          yield streamed ? ` ${text}` : text;
          streamed = true;
        }
      };
      for await (const piece of llm.stream(question, sources, signal)) {
        raw += piece;
        yield* emit(gate.push(piece));
      }
      yield* emit(gate.flush());
      if (!raw.trim()) throw new CitedError('LLM_BAD_RESPONSE', 'the language model returned an empty answer');
      const checked = gate.result();
      if (!checked.refused && checked.citations.length === 0)
        throw new CitedError('LLM_BAD_RESPONSE', 'the language model answer had no supported claim');
      return checked;
    },
  };
}
