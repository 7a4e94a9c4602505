import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/llm/index.js';
import { LlmAnswerer, LlmCondenser, RuleCondenser } from '../../src/rag/index.js';
import type { Source } from '../../src/types.js';
import { FakeChatModel } from '../helpers/fake-chat-model.js';
import { REPO } from '../helpers/fixtures.js';

const prompts = loadPrompts(join(REPO, 'prompts'));
const history = [
  { role: 'user' as const, content: 'How many people live in Hama?' },
  { role: 'assistant' as const, content: 'One million [1].' },
];
const source: Source = {
  n: 1,
  docId: 'hama',
  chunkId: 'hama#0',
  title: 'Hama',
  text: 'Hama is 110km (70 miles) south of Aleppo.',
  score: 1,
  start: 0,
  end: 41,
};

describe('the answerers take any ChatModel', () => {
  it('LlmAnswerer streams what the model says, from a prompt holding the delimited sources', async () => {
    const model = new FakeChatModel(() => ({ kind: 'reply', pieces: ['Hama is ', '110km away ', '[1].'] }));
    const pieces: string[] = [];
    for await (const piece of new LlmAnswerer(model, prompts).stream('How far is Hama?', [source])) pieces.push(piece);
    expect(pieces).toEqual(['Hama is ', '110km away ', '[1].']);
    const [system, user] = model.calls[0].messages;
    expect(system).toEqual({ role: 'system', content: prompts.system });
    expect(user.content).toContain('<<<SOURCE 1>>>\nTitle: Hama\n\nHama is 110km (70 miles) south of Aleppo.');
  });

  it('LlmCondenser gives the model a quarter of its budget and takes its first line', async () => {
    const model = new FakeChatModel(
      () => ({ kind: 'reply', pieces: ['"How far is Hama ', 'from Aleppo?"\nBecause…'] }),
      {
        timeoutMs: 8000,
      },
    );
    const condensed = await new LlmCondenser(model, prompts).condense('And from Aleppo?', history);
    expect(condensed).toBe('How far is Hama from Aleppo?');
    expect(model.calls[0].budgetMs).toBe(2000);
    expect(model.calls[0].messages[0].content).toContain('User: How many people live in Hama?');
  });

  it('LlmCondenser falls back to the rules when the model runs out of time, and lets go of the call', async () => {
    const model = new FakeChatModel(() => ({ kind: 'hang', pieces: [] }), { timeoutMs: 400 });
    const question = 'And how far is it from Aleppo?';
    const condensed = await new LlmCondenser(model, prompts).condense(question, history);
    expect(condensed).toBe(await new RuleCondenser().condense(question, history));
    expect(condensed).toBe('How far is Hama from Aleppo?');
    expect(model.released).toBe(1);
  });

  it('LlmCondenser stops, rather than falling back, when the caller aborts', async () => {
    const ctrl = new AbortController();
    const model = new FakeChatModel(() => {
      queueMicrotask(() => ctrl.abort());
      return { kind: 'hang', pieces: [] };
    });
    await expect(
      new LlmCondenser(model, prompts).condense('And from Aleppo?', history, ctrl.signal),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});
