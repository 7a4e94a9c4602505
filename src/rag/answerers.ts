import type { Answerers } from './answerer.js';
import { wholeAnswerer } from './answerer.js';
import type { ExtractiveAnswerer } from './extractive.js';
import type { SummaryAnswerer } from './summary.js';

/** The offline answerers as the service takes them, and the LLM's when there is one. */
export function answerersOf(
  extractive: ExtractiveAnswerer,
  summary: SummaryAnswerer,
  llm?: Answerers['llm'],
): Answerers {
  return {
    extractive: wholeAnswerer(({ question, sources, doc }) => extractive.answer(question, sources, doc)),
    summary: wholeAnswerer((input) => summary.answer(input)),
    ...(llm ? { llm } : {}),
  };
}
