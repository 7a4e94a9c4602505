import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitedError } from '../../src/errors.js';
import type { ErrorCode } from '../../src/errors.js';
import type { ChatMessage, ChatModel } from '../../src/llm/index.js';
import type { ChatScript } from '../helpers/fake-chat-model.js';
import { UPSTREAM_SECRET } from '../helpers/scripted-openai.js';

/** An implementation under test and the upstream it talks to. */
export interface ChatModelSubject {
  /** A model with this budget (ms), whose calls reach the scripted upstream. */
  model(timeoutMs: number): ChatModel;
  /** What the upstream does with the calls that follow. */
  script(next: ChatScript): void;
  /** Resolves when the upstream sees the call it is holding given up (its socket closed, the fake's call ended). */
  released(): Promise<void>;
  /** The messages of each call that reached the upstream, in order. */
  received(): ChatMessage[][];
  stop(): Promise<void>;
}

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Answer only from the numbered sources.' },
  { role: 'user', content: 'How far is Hama from Aleppo?' },
];
const PIECES = ['Hama is ', '110km', ' (70 miles) ', 'south of Aleppo ', '[1].'];
/** Longer than any test runs: only an abort or a smaller budget ends a held call. */
const LONG_MS = 60_000;
/** A budget that a held call surely outlasts, short enough to keep the suite quick. */
const SHORT_MS = 200;
/** Far beyond a loopback round trip: only a model that never lets go of the upstream call waits this long. */
const GIVE_UP_MS = 5_000;

/** `p`, or a failure naming what never happened: the bound keeps a broken model from hanging, it times nothing. */
async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (waited ${GIVE_UP_MS} ms)`)), GIVE_UP_MS);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error a call fails with; a call that succeeds fails the test. */
async function failureOf(call: Promise<unknown>): Promise<CitedError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(CitedError);
  return outcome.error as CitedError;
}

/** What every ChatModel promises (see src/llm/chat-model.ts), registered for one implementation. */
export function chatModelContract(name: string, start: () => Promise<ChatModelSubject>): void {
  describe(`ChatModel contract: ${name}`, () => {
    let subject: ChatModelSubject;
    beforeAll(async () => {
      subject = await start();
    });
    afterAll(() => subject.stop());

    it('streams pieces that join into the completion, and sends the messages as given', async () => {
      subject.script({ kind: 'reply', pieces: PIECES });
      const model = subject.model(LONG_MS);
      const pieces: string[] = [];
      for await (const piece of model.stream(MESSAGES)) pieces.push(piece);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(PIECES.join(''));
      expect(await model.complete(MESSAGES)).toBe(PIECES.join(''));
      expect(subject.received().at(-1)).toEqual(MESSAGES);
    });

    it('stops the stream with ABORTED when the signal fires, and lets go of the upstream call', async () => {
      subject.script({ kind: 'hang', pieces: ['Hama is '] });
      const ctrl = new AbortController();
      const stream = subject.model(LONG_MS).stream(MESSAGES, ctrl.signal)[Symbol.asyncIterator]();
      expect(await stream.next()).toEqual({ done: false, value: 'Hama is ' });
      const released = subject.released();
      const next = stream.next();
      ctrl.abort();
      expect((await failureOf(next)).code).toBe('ABORTED');
      await within(released, 'the upstream call was not let go after the abort');
    });

    it('sends nothing upstream for a signal that has already fired', async () => {
      subject.script({ kind: 'reply', pieces: PIECES });
      const calls = subject.received().length;
      expect((await failureOf(subject.model(LONG_MS).complete(MESSAGES, AbortSignal.abort()))).code).toBe('ABORTED');
      expect(subject.received()).toHaveLength(calls);
    });

    it('lets go of the upstream call when the consumer stops reading', async () => {
      subject.script({ kind: 'hang', pieces: ['Hama is '] });
      const released = subject.released();
      for await (const piece of subject.model(LONG_MS).stream(MESSAGES)) {
        expect(piece).toBe('Hama is ');
        break;
      }
      await within(released, 'the upstream call was not let go when reading stopped');
    });

    it('fails with LLM_TIMEOUT past its timeout, without passing a cut-off answer for a whole one', async () => {
      subject.script({ kind: 'hang', pieces: ['Hama is '] });
      const released = subject.released();
      expect((await failureOf(subject.model(SHORT_MS).complete(MESSAGES))).code).toBe('LLM_TIMEOUT');
      await within(released, 'the upstream call was not let go after the timeout');
    });

    it('keeps a call within the budget its caller gives, below the timeout', async () => {
      subject.script({ kind: 'hang', pieces: [] });
      const released = subject.released();
      const call = subject.model(LONG_MS).complete(MESSAGES, undefined, SHORT_MS);
      expect((await failureOf(call)).code).toBe('LLM_TIMEOUT');
      await within(released, 'the upstream call was not let go after the budget');
    });

    const failures: [ChatScript, ErrorCode][] = [
      [{ kind: 'fail', as: 'rate-limited' }, 'LLM_RATE_LIMITED'],
      [{ kind: 'fail', as: 'unavailable' }, 'LLM_UNAVAILABLE'],
      [{ kind: 'fail', as: 'refused' }, 'LLM_UNAVAILABLE'],
      [{ kind: 'malformed' }, 'LLM_BAD_RESPONSE'],
    ];
    it.each(failures)('reports an upstream %j as %s, without the upstream text', async (script, code) => {
      subject.script(script);
      const error = await failureOf(subject.model(LONG_MS).complete(MESSAGES));
      expect(error.code).toBe(code);
      expect(error.message).not.toContain(UPSTREAM_SECRET);
    });
  });
}
