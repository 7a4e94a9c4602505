import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { analyze } from '../../src/nlp/index.js';
import { openQuestion } from '../../src/rag/index.js';
import type { Answer } from '../../src/types.js';
import { articleRuntime } from '../helpers/runtime.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

const verbatim = (a: Answer) => {
  for (const c of a.citations) expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
};
const stems = (text: string) => new Set(analyze(text).tokens.map((t) => t.stem));

describe('open questions are told from fact questions', () => {
  it.each([
    ['Summarize the article', { kind: 'overview' }],
    ['what is this about?', { kind: 'overview' }],
    ['Give me the key points.', { kind: 'overview' }],
    ['Tell me about the rebel offensive', { kind: 'topic', topic: 'the rebel offensive' }],
    ['What happened in Hama?', { kind: 'topic', topic: 'Hama' }],
    ["What's the situation in Aleppo?", { kind: 'topic', topic: 'Aleppo' }],
    ['Why does Turkey matter in this conflict?', { kind: 'topic', topic: 'Turkey' }],
    ['What is HTS?', { kind: 'topic', topic: 'HTS' }],
  ])('%s', (question, expected) => {
    expect(openQuestion(question)).toEqual(expected);
  });

  it.each([
    'How far is Hama from Aleppo?',
    'What is the capital of Syria?',
    'Who leads HTS?',
    'When did the war begin?',
  ])('a fact question is not open: %s', (question) => expect(openQuestion(question)).toBeUndefined());
});

describe('open questions get 2–4 cited sentences offline', () => {
  it('summarises the article with distinct, verbatim, dated sentences', async () => {
    const a = await rt.answers.ask({ question: 'Summarize the article' });
    expect(a.refused).toBe(false);
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
    expect(a.citations.length).toBeLessThanOrEqual(4);
    expect(a.answer).toMatch(/^As of 6 December 2024/);
    verbatim(a);
    // No two sentences say the same thing.
    const quotes = a.citations.map((c) => stems(c.quote));
    for (let i = 0; i < quotes.length; i++)
      for (let j = i + 1; j < quotes.length; j++) {
        const shared = [...quotes[i]].filter((w) => quotes[j].has(w)).length;
        expect(shared / Math.min(quotes[i].size, quotes[j].size)).toBeLessThanOrEqual(0.6);
      }
    expect(a.answer).toMatch(/Hama/);
  });

  it('tells about a topic with sentences that are about it', async () => {
    const a = await rt.answers.ask({ question: 'What happened in Hama?' });
    expect(a.refused).toBe(false);
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
    // Most name it; a sentence right after one that does may refer back to it ("the city", "a prison").
    expect(a.citations.filter((c) => c.quote.includes('Hama')).length).toBeGreaterThanOrEqual(2);
    verbatim(a);
  });

  it('says a topic the documents do not cover is not stated', async () => {
    for (const question of ['Tell me about the schools in Hama.', 'What happened in Lisbon?']) {
      const a = await rt.answers.ask({ question });
      expect(a.refused, question).toBe(true);
      expect(a.citations).toEqual([]);
    }
  });
});
