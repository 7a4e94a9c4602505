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

  const exchange = (question: string, answer: string) => [
    { role: 'user' as const, content: question },
    { role: 'assistant' as const, content: answer },
  ];
  it.each([
    [
      'How far is Hama from there?',
      exchange('Which city did the rebels capture last week?', 'The rebels captured Aleppo last week [1].'),
      'How far is Hama from Aleppo?',
    ],
    [
      'What did he vow?',
      exchange('Who leads HTS?', 'As of 6 December 2024, the source says: HTS is led by Abu Mohammed al-Jawlani [1].'),
      'What did Abu Mohammed al-Jawlani vow?',
    ],
    [
      'Who chairs it now?',
      exchange('Who owns the East Pier?', 'The East Pier is owned by the Marrowby Harbour Trust (MHT) [1].'),
      'Who chairs Marrowby Harbour Trust now?',
    ],
    [
      'What else did he lay out?',
      exchange('Who designed the East Pier?', 'It was designed by the engineer Josiah Penhallow in 1806 [1].'),
      'What else did Josiah Penhallow lay out?',
    ],
  ])('%s reads its referent from the previous answer', async (question, history, expected) => {
    expect(await c.condense(question, history)).toBe(expected);
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
