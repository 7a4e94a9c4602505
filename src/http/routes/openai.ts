import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { CitedError } from '../../errors.js';
import { MAX_QUESTION_CHARS } from '../../limits.js';
import type { AnswerEvent, Citation, HistoryTurn } from '../../types.js';
import { requireJson, validJson } from '../body.js';
import type { AppEnv, HttpDeps } from '../deps.js';
import { CONTROL, chatRequest } from '../schemas.js';
import type { ChatRequest } from '../schemas.js';
import { streamAnswer } from '../sse.js';

const MODEL_ID = 'cited';

type Message = ChatRequest['messages'][number];

const textOf = (m: Message): string =>
  typeof m.content === 'string'
    ? m.content
    : (m.content ?? []).map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');

/** The last user message is the question; earlier user/assistant turns are its history. */
function toAsk(messages: Message[]): { question: string; history: HistoryTurn[] } {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  if (lastUser < 0) throw new CitedError('INVALID_REQUEST', 'messages: need at least one user message');
  const question = textOf(messages[lastUser]).trim();
  if (!question || question.length > MAX_QUESTION_CHARS) {
    throw new CitedError(
      'INVALID_REQUEST',
      `messages: the last user message must be 1–${MAX_QUESTION_CHARS} characters`,
    );
  }
  if (CONTROL.test(question))
    throw new CitedError('INVALID_REQUEST', 'messages: the last user message must not contain control characters');
  const history = messages
    .slice(0, lastUser)
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role as HistoryTurn['role'], content: textOf(m).slice(0, 8000) }))
    .slice(-20);
  return { question, history };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** An OpenAI-compatible endpoint: the official SDKs (and anything built on them) can talk to `cited`. */
export function openaiRoutes(deps: HttpDeps): Hono<AppEnv> {
  const v1 = new Hono<AppEnv>();
  const created = Math.floor((deps.startedAt ?? Date.now()) / 1000);

  v1.get('/models', (c) =>
    c.json({ object: 'list', data: [{ id: MODEL_ID, object: 'model', created, owned_by: 'cited' }] }),
  );

  v1.post('/chat/completions', requireJson, validJson(chatRequest), async (c) => {
    const body = c.req.valid('json');
    const req = toAsk(body.messages);
    const id = `chatcmpl-${randomUUID()}`;
    const now = Math.floor(Date.now() / 1000);
    const answers = deps.answers();
    if (!body.stream) {
      const a = await answers.ask(req, c.req.raw.signal);
      const promptTokens = words(body.messages.map(textOf).join(' '));
      return c.json({
        id,
        object: 'chat.completion',
        created: now,
        model: MODEL_ID,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: a.answer, refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: words(a.answer),
          total_tokens: promptTokens + words(a.answer),
        },
        citations: a.citations,
        refused: a.refused,
        mode: a.mode,
        ...(a.degraded ? { degraded: true } : {}),
      });
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: now,
        model: MODEL_ID,
        choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
        ...extra,
      });
    let citations: Citation[] = [];
    return streamAnswer(
      c,
      (signal) => answers.stream(req, signal),
      deps.heartbeatMs ?? 15_000,
      async (stream, e: AnswerEvent) => {
        if (e.type === 'sources') await stream.writeSSE({ data: chunk({ role: 'assistant', content: '' }, null) });
        else if (e.type === 'delta') await stream.writeSSE({ data: chunk({ content: e.text }, null) });
        else if (e.type === 'citations') citations = e.citations;
        else if (e.type === 'done') {
          await stream.writeSSE({
            data: chunk({}, 'stop', {
              citations,
              refused: e.answer.refused,
              mode: e.answer.mode,
              ...(e.answer.degraded ? { degraded: true } : {}),
            }),
          });
          await stream.writeSSE({ data: '[DONE]' });
        } else if (e.type === 'error') await stream.writeSSE({ data: JSON.stringify({ error: e.error }) });
      },
    );
  });

  return v1;
}
