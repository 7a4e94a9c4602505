import { describe, expect, it } from 'vitest';
import { RuleCondenser } from '../../src/rag/index.js';
import { articleRuntime } from '../helpers/runtime.js';

const turn = (question: string) => [
  { role: 'user' as const, content: question },
  { role: 'assistant' as const, content: 'An answer [1].' },
];

describe('offline follow-up condensing', () => {
  const c = new RuleCondenser();
  it.each([
    ['And how far is it from Aleppo?', 'How many people live in Hama?', 'How far is Hama from Aleppo?'],
    ['What about Homs?', 'How many people live in Hama?', 'How many people live in Homs?'],
    ['Who leads it?', 'What is Hayat Tahrir al-Sham?', 'Who leads Hayat Tahrir al-Sham?'],
    ['What did he vow?', 'Who is Abu Mohammed al-Jawlani?', 'What did Abu Mohammed al-Jawlani vow?'],
    ['When did the war start?', 'How many people have died in Syria?', 'When did the war start (Syria)?'],
    ['Who controls Idlib?', 'How many people live in Hama?', 'Who controls Idlib?'],
  ])('%s after “%s” → %s', async (question, previous, expected) => {
    expect(await c.condense(question, turn(previous))).toBe(expected);
  });

  it('leaves a question alone when the history names nothing', async () => {
    expect(await c.condense('And then?', turn('hello there'))).toBe('And then?');
  });

  it('answers a follow-up offline, end to end', async () => {
    const rt = await articleRuntime();
    const a = await rt.answers.ask({
      question: 'And how far is it from Aleppo?',
      history: turn('How many people live in Hama?'),
    });
    expect(a.mode).toBe('extractive');
    expect(a.shortAnswer).toBe('110km (70 miles)');
    const b = await rt.answers.ask({ question: 'What about Homs?', history: turn('How many people live in Hama?') });
    expect(b.refused).toBe(true);
  });
});
