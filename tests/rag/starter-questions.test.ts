import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../src/index/index.js';
import { MAX_STARTERS, StarterQuestions, starterCandidates } from '../../src/rag/index.js';
import { REPO, corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const CORPORA = {
  'the shipped article': join(REPO, 'corpus'),
  'the town guide': join(REPO, 'evals', 'tuning', 'town', 'corpus'),
  'the software manual': join(REPO, 'evals', 'tuning', 'software', 'corpus'),
};

/** The starters are worth showing only if the answer a reader gets for each is a cited answer, not "not stated". */
describe('starter questions', () => {
  it.each(Object.entries(CORPORA))(
    'on %s: 3–4, each answered through the answer service',
    async (_, dir) => {
      const rt = await articleRuntime({ CITED_CORPUS_DIR: dir, CITED_LLM: 'extractive' });
      const questions = await rt.starters.questions();
      expect(questions.length).toBeGreaterThanOrEqual(3);
      expect(questions.length).toBeLessThanOrEqual(MAX_STARTERS);
      expect(new Set(questions).size).toBe(questions.length);
      for (const question of questions) {
        const answer = await rt.answers.ask({ question });
        expect(answer.refused, question).toBe(false);
        expect(answer.citations.length, question).toBeGreaterThan(0);
      }
    },
    60_000,
  );

  it('on the shipped article: the names its lead is about, capitals as the text writes them', async () => {
    const rt = await articleRuntime();
    const questions = await rt.starters.questions();
    expect(questions).toContain('What is known about Hama?'); // the dateline's "HAMA", spelled as the text does
    expect(questions.join(' ')).toMatch(/Hayat Tahrir al-Sham/); // the name, not also its acronym HTS
    expect(questions.join(' ')).not.toMatch(/\bHTS\b|Syrian\?|Islamist/); // modifiers ("Syrian rebels") are no topic
  }, 60_000);

  it('reads FAQ headings as they are and other headings as topics, one document after another', async () => {
    const dir = corpusOf({
      'faq.md': '# Widget FAQ\n\n## Does the Frobnicator need power?\n\nThe Frobnicator runs on two AA batteries.\n',
      'parking.txt':
        'PARKING IN OSTERLEY\n\nPARKING PERMITS\n\nA parking permit for Osterley costs £60 a year. Parking permits ' +
        'are sold at the Osterley town hall.\n',
    });
    const rt = await articleRuntime({ CITED_CORPUS_DIR: dir });
    const candidates = starterCandidates(rt.index().documents());
    expect(candidates[0]).toBe('Does the Frobnicator need power?');
    expect(candidates).toContain('Tell me about Osterley');
    expect(candidates.some((q) => q.endsWith('about parking permits?'))).toBe(true); // "PARKING PERMITS", cased as text
    expect(candidates.some((q) => /March|January/.test(q))).toBe(false);
  }, 60_000);

  it('is worked out once per index, and again for a new one', async () => {
    const rt = await articleRuntime();
    let asked = 0;
    let index: SearchIndex = rt.index();
    const starters = new StarterQuestions(
      () => index,
      (question) => (asked++, rt.answers.ask({ question })),
    );
    const [a, b] = await Promise.all([starters.questions(), starters.questions()]);
    expect(b).toEqual(a);
    const once = asked;
    expect(once).toBeGreaterThanOrEqual(a.length);
    await starters.questions();
    expect(asked).toBe(once);
    index = Object.create(index) as SearchIndex; // another index object: the starters are worked out again
    await starters.questions();
    expect(asked).toBe(2 * once);
  }, 60_000);
});
