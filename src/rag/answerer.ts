import type { IndexedDocument } from '../index/index.js';
import type { Citation, Source } from '../types.js';

/** What an answerer produces before the service verifies its quotes and assembles the Answer. */
export interface Draft {
  answer: string;
  shortAnswer?: string;
  refused: boolean;
  citations: Citation[];
  /** With "not stated": the closest passages, about the question but not answering it. */
  related?: Citation[];
  unsupported?: string[];
}

export interface AnswerInput {
  /** The question as it stands on its own (a follow-up already condensed). */
  question: string;
  sources: Source[];
  /** The documents of the one index this answer reads. */
  doc: (id: string) => IndexedDocument | undefined;
  signal?: AbortSignal;
}

/**
 * One way of answering (the extractive answerer, the summary answerer, the LLM): yields the answer's text as it
 * is produced, and returns the draft. An answerer that cannot answer (a failing upstream) throws a CitedError.
 */
export interface Answerer {
  answer(input: AnswerInput): AsyncGenerator<string, Draft>;
}

/** The answerers by kind; the service picks one from the question and the configuration, never by if/else chains. */
type AnswererKind = 'extractive' | 'summary' | 'llm';
export type Answerers = { [K in Exclude<AnswererKind, 'llm'>]: Answerer } & { llm?: Answerer };

/** Splits prose into small pieces so every front end streams the same way, whatever produced the text. */
function* pieces(text: string): Generator<string> {
  for (const m of text.matchAll(/\S+\s*|\s+/g)) yield m[0];
}

/** An answerer whose whole answer is worked out at once (offline): streamed in pieces afterwards. */
export function wholeAnswerer(answer: (input: AnswerInput) => Draft): Answerer {
  return {
    async *answer(input) {
      const draft = answer(input);
      yield* pieces(draft.answer);
      return draft;
    },
  };
}
