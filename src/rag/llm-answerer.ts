import { neutraliseDelimiters } from '../llm/index.js';
import type { ChatMessage, ChatModel, Prompts } from '../llm/index.js';
import type { Source } from '../types.js';
import { withoutInstructions } from './instructions.js';

/** What the model sees instead of a sentence that tried to instruct it (so it knows something was left out). */
export const OMITTED = '[text addressed to the assistant omitted]';

/**
 * Source text is data: a sentence giving the assistant orders is left out, and delimiter-like text that would
 * let a document pretend to end its own quotation is made harmless.
 */
const neutralise = (text: string) => neutraliseDelimiters(withoutInstructions(text, OMITTED));

/** The prompt's numbered source blocks; all a document gives, its title included, stays inside the delimiters. */
export function promptSources(sources: Source[]): string {
  return sources
    .map((s) => {
      const date = s.date ? `Date: ${s.date}\n` : '';
      const head = `[${s.n}]\n<<<SOURCE ${s.n}>>>\nTitle: ${neutralise(s.title)}\n${date}`;
      return `${head}\n${neutralise(s.text)}\n<<<END SOURCE ${s.n}>>>`;
    })
    .join('\n\n');
}

/** Asks the chat model to answer from numbered sources, under the system rules in prompts/. */
export class LlmAnswerer {
  constructor(
    private readonly model: ChatModel,
    private readonly prompts: Prompts,
  ) {}

  async messages(question: string, sources: Source[]): Promise<ChatMessage[]> {
    const user = await this.prompts.answer.format({ question, sources: promptSources(sources) });
    return [
      { role: 'system', content: this.prompts.system },
      { role: 'user', content: user },
    ];
  }

  async *stream(question: string, sources: Source[], signal?: AbortSignal): AsyncGenerator<string> {
    yield* this.model.stream(await this.messages(question, sources), signal);
  }
}
