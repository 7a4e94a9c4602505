import type { ChatMessage, ChatModel, Prompts } from '../llm/index.js';
import type { Source } from '../types.js';

/** Source text is data: our delimiters inside it would let a document pretend to end its own quotation. */
const neutralise = (text: string) => text.replace(/<<<|>>>/g, (m) => (m === '<<<' ? '‹‹‹' : '›››'));

/** Numbered sources; everything taken from a document, its title included, stays inside the delimiters. */
export function formatSources(sources: Source[]): string {
  return sources
    .map((s) => `[${s.n}]\n<<<SOURCE ${s.n}>>>\nTitle: ${neutralise(s.title)}\n${s.date ? `Date: ${s.date}\n` : ''}\n${neutralise(s.text)}\n<<<END SOURCE ${s.n}>>>`)
    .join('\n\n');
}

/** Asks the chat model to answer from numbered sources, under the system rules in prompts/. */
export class LlmAnswerer {
  constructor(
    private readonly model: ChatModel,
    private readonly prompts: Prompts,
  ) {}

  async messages(question: string, sources: Source[]): Promise<ChatMessage[]> {
    const user = await this.prompts.answer.format({ question, sources: formatSources(sources) });
    return [
      { role: 'system', content: this.prompts.system },
      { role: 'user', content: user },
    ];
  }

  async *stream(question: string, sources: Source[], signal?: AbortSignal): AsyncGenerator<string> {
    yield* this.model.stream(await this.messages(question, sources), signal);
  }
}
