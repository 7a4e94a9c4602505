import type { ChatMessage } from '../../src/llm/index.js';
import { OpenAIChatModel, openaiSdk } from '../../src/llm/index.js';
import { FakeChatModel } from '../helpers/fake-chat-model.js';
import type { ChatScript } from '../helpers/fake-chat-model.js';
import { ScriptedOpenAI, serveChat } from '../helpers/scripted-openai.js';
import { chatModelContract } from './chat-model.contract.js';

/** Resolves every waiter registered through `released()` at once. */
function releases() {
  const waiting: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waiting.push(resolve)),
    fire: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

chatModelContract('OpenAIChatModel over HTTP to a scripted OpenAI-compatible server', async () => {
  let next: ChatScript = { kind: 'reply', pieces: [] };
  const release = releases();
  const upstream = new ScriptedOpenAI().on('/v1/chat/completions', (_req, res) => {
    // The socket closing before the response ended is the client giving the call up.
    res.on('close', () => {
      if (!res.writableEnded) release.fire();
    });
    serveChat(res, next);
  });
  const baseURL = await upstream.start();
  // Built as the composition root builds it: toLlmError knows the errors of this copy of the SDK (the CommonJS one).
  const OpenAI = openaiSdk();
  const client = new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });
  return {
    model: (timeoutMs) => new OpenAIChatModel({ client, model: 'scripted', timeoutMs, retries: 0 }),
    script: (script) => (next = script),
    released: release.wait,
    received: () => upstream.requests.map((r) => (r.body as { messages: ChatMessage[] }).messages),
    stop: () => upstream.stop(),
  };
});

chatModelContract('FakeChatModel, in process', async () => {
  let next: ChatScript = { kind: 'reply', pieces: [] };
  const release = releases();
  const models: FakeChatModel[] = [];
  return {
    model: (timeoutMs) => {
      const model = new FakeChatModel(() => next, { timeoutMs, onRelease: release.fire });
      models.push(model);
      return model;
    },
    script: (script) => (next = script),
    released: release.wait,
    received: () => models.flatMap((m) => m.calls.map((c) => c.messages)),
    stop: async () => {},
  };
});
