import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { articleRuntime } from '../helpers/runtime.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

describe('three outcomes', () => {
  it('answers what the documents state, with no closest passages', async () => {
    const a = await rt.answers.ask({ question: 'How far is Hama from Aleppo?' });
    expect(a.refused).toBe(false);
    expect(a.related).toBeUndefined();
  });

  it('says a question about the documents is not stated, and quotes the closest passages verbatim', async () => {
    const a = await rt.answers.ask({ question: 'What is the population of Homs?' });
    expect(a).toMatchObject({ refused: true, citations: [] });
    expect(a.answer).toMatch(/don't state this/);
    expect(a.related!.length).toBeGreaterThan(0);
    expect(a.related!.length).toBeLessThanOrEqual(2);
    for (const r of a.related!) {
      expect(rt.index().document(r.docId)!.text.slice(r.start, r.end)).toBe(r.quote);
      expect(r.quote).toContain('Homs');
    }
  });

  it('refuses plainly, with no passages, when nothing retrieved is about the question', async () => {
    const a = await rt.answers.ask({ question: 'What is the capital of Peru?' });
    expect(a).toMatchObject({ refused: true, citations: [] });
    expect(a.related).toBeUndefined();
    expect(a.answer).toMatch(/Nothing in the indexed documents answers this question/);
  });
});
