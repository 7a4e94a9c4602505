import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { ARTICLE_QUESTIONS } from '../helpers/article-questions.js';
import { ARTICLE } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const raw = readFileSync(ARTICLE, 'utf8');
let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

describe('extractive answers about the article', () => {
  const answerable = ARTICLE_QUESTIONS.filter((q) => q.answerable);
  const unanswerable = ARTICLE_QUESTIONS.filter((q) => !q.answerable);

  it('has at least 20 questions, 5 of them unanswerable', () => {
    expect(ARTICLE_QUESTIONS.length).toBeGreaterThanOrEqual(20);
    expect(unanswerable.length).toBeGreaterThanOrEqual(5);
  });

  it.each(unanswerable.filter((q) => !q.history).slice(0, 8))(
    'refuses “$question” with no citations',
    async ({ question }) => {
      const a = await rt.answers.ask({ question });
      expect(a.refused).toBe(true);
      expect(a.citations).toEqual([]);
      // Either "not stated" with the closest passages (each verbatim), or a plain refusal without any.
      expect(a.answer).toMatch(a.related ? /don't state this/ : /sources don't say/);
      for (const r of a.related ?? []) expect(rt.index().document(r.docId)!.text.slice(r.start, r.end)).toBe(r.quote);
      expect(a.shortAnswer).toBeUndefined();
    },
  );

  it('cites verbatim, numbers citations from its sources and states the as-of date', async () => {
    for (const item of answerable.slice(0, 15)) {
      const a = await rt.answers.ask({ question: item.question, history: item.history });
      // Every question here is answered (the seed gate holds them), so the checks below always run.
      expect(a.refused, item.question).toBe(false);
      expect(a.citations.length, item.question).toBeGreaterThan(0);
      for (const c of a.citations) {
        expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
        expect(raw).toContain(c.quote);
        expect(a.answer).toContain(`[${c.n}]`);
        expect(a.sources.some((s) => s.n === c.n && s.chunkId === c.chunkId)).toBe(true);
      }
      expect(a.asOf).toBe('2024-12-06');
    }
  });

  it('leads with the short answer, then the supporting sentence', async () => {
    const a = await rt.answers.ask({ question: 'How far is Hama from Aleppo?' });
    expect(a.shortAnswer).toBe('110km (70 miles)');
    expect(a.answer.startsWith('110km (70 miles) [1]')).toBe(true);
    expect(a.citations[0].quote).toMatch(/^Hama is home to one million people/);
  });

  it('resolves a relative date against the document date', async () => {
    const a = await rt.answers.ask({ question: 'When did the rebel offensive begin?' });
    expect(a.shortAnswer).toBe('eight days ago (around 28 November 2024)');
    expect(a.answer).toMatch(/^Around 28 November 2024/);
    expect(a.citations[0].quote).toContain('eight days ago');
  });

  it('streams sources, deltas, citations, then done — and the deltas spell the answer', async () => {
    const events = [];
    for await (const e of rt.answers.stream({ question: 'Who leads HTS?' })) events.push(e);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('sources');
    expect(types.at(-2)).toBe('citations');
    expect(types.at(-1)).toBe('done');
    expect(types.slice(1, -2).every((t) => t === 'delta')).toBe(true);
    const done = events.at(-1) as { type: 'done'; answer: { answer: string } };
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(text).toBe(done.answer.answer);
    expect(done.answer.answer).toContain('Abu Mohammed al-Jawlani');
  });
});
