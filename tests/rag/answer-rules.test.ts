import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/nlp/index.js';
import type { Runtime } from '../../src/main/index.js';
import { analyzeQuestion, CONFIDENCE_FEATURES, confident, TermMatcher } from '../../src/rag/index.js';
import { findCandidates } from '../../src/rag/candidates.js';
import { negationConflict } from '../../src/rag/roles.js';
import { CONFIDENCE_WEIGHTS, QUOTE_WEIGHTS } from '../../src/rag/confidence-weights.js';
import { articleRuntime } from '../helpers/runtime.js';
import { REPO, wordVectors } from '../helpers/fixtures.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

const term = (w: string) => {
  const t = analyze(w).tokens[0];
  return { lower: t.lower, stem: t.stem };
};

describe('word matching', () => {
  const matcher = () => new TermMatcher(wordVectors());

  it('reads a verb phrase as the verb it means: "have taken control of" says "captured"', () => {
    const m = matcher().match(term('captured'), analyze('Rebels say they have taken control of the city').tokens);
    expect(m.score).toBeGreaterThanOrEqual(0.8);
    expect(matcher().match(term('captured'), analyze('They have taken a photo of the city').tokens).score).toBeLessThan(
      0.5,
    );
  });

  it('counts the opposite side against a sentence, however close the vectors', () => {
    const tokens = analyze('Turkey supports the Syrian opposition').tokens;
    expect(matcher().match(term('government'), tokens).score).toBeLessThan(0);
    expect(matcher().match(term('government'), analyze('Turkey supports the Syrian government').tokens).score).toBe(1);
  });
});

describe('answers that need those rules', () => {
  it.each([
    ['Who captured Hama?', 'Syrian rebels'],
    ['Which city did the rebels capture this week?', 'Hama'],
    ['Which jihadist network was HTS formerly affiliated with?', 'al-Qaeda'],
  ])('%s → %s', async (question, short) => {
    const a = await rt.answers.ask({ question });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).toBe(short);
  });

  it('does not answer "who supports the government" with the opposition\'s backer', async () => {
    const a = await rt.answers.ask({ question: 'Which countries support the Syrian government?' });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).not.toBe('Turkey');
    expect(a.answer).toMatch(/Russia/);
  });
});

describe('confidence model', () => {
  it('has one weight per feature', () => {
    expect(CONFIDENCE_WEIGHTS).toHaveLength(CONFIDENCE_FEATURES.length);
    expect(QUOTE_WEIGHTS).toHaveLength(CONFIDENCE_FEATURES.length);
  });

  it('was fitted on the tuning data as it is now, with the features as they are now', () => {
    const source = readFileSync(join(REPO, 'src/rag/confidence-weights.ts'), 'utf8');
    const comments = source
      .split('\n')
      .filter((l) => l.startsWith('//'))
      .map((l) => l.slice(2).trim())
      .join(' ');
    expect(comments).toContain(`Features, in order: ${CONFIDENCE_FEATURES.join(', ')}.`);
    const data = [...comments.matchAll(/Data: (\S+) \([^)]*\), sha256 ([0-9a-f]{64})/g)];
    expect(data.length).toBeGreaterThanOrEqual(2);
    for (const [, file, hash] of data) {
      const actual = createHash('sha256')
        .update(readFileSync(join(REPO, file)))
        .digest('hex');
      expect(actual, `${file} changed since the fit: run npx tsx evals/fit-confidence.ts`).toBe(hash);
    }
    // Only tuning data: never a held-out set.
    for (const [, file] of data) expect(file).not.toMatch(/heldout/);
    expect(comments).toMatch(/Cross-validation, 5-fold/);
  });

  const features = (f: Partial<Record<(typeof CONFIDENCE_FEATURES)[number], number>>) =>
    CONFIDENCE_FEATURES.map((name) => (name === 'bias' ? 1 : (f[name] ?? 0)));

  it('lets a well-supported answer through and stops a weakly supported one', () => {
    const strong = features({
      coverage: 1,
      linked: 1,
      weakest: 1,
      similarity: 0.8,
      candidateBonus: 0.7,
      focus: 1,
      sourceRank: 1,
      margin: 0.4,
      terms: 0.5,
      candidateWords: 1 / 3,
      candidate: 1,
      // Every answer the answer gate judges has passed the checks.
      checked: 1,
      'type:date': 1,
    });
    const weak = features({
      coverage: 0.55,
      linked: 0.5,
      weakest: 0.4,
      similarity: 0.8,
      candidateBonus: 0,
      focus: 1,
      sourceRank: 0.2,
      margin: 0,
      terms: 0.5,
      candidateWords: 1 / 3,
      skipped: 1,
      checked: 1,
      'type:place': 1,
    });
    expect(confident(strong)).toBe(true);
    expect(confident(weak)).toBe(false);
  });
});

describe('adversarial questions', () => {
  const view = (text: string) => analyze(text);

  it('a negated question needs a negated sentence', () => {
    const q = analyzeQuestion('Which company never expanded its platform?');
    expect(negationConflict(q, view('Sky Digital expanded its platform in 2001.'))).toBe(true);
    expect(negationConflict(q, view('Sky Digital never expanded its platform.'))).toBe(false);
    expect(
      negationConflict(
        analyzeQuestion('Which company expanded its platform?'),
        view('Sky Digital expanded its platform.'),
      ),
    ).toBe(false);
  });

  it('a year is not a count, and a head count is not a percentage', () => {
    const spans = (question: string, text: string) => {
      const v = view(text);
      return findCandidates(v, analyzeQuestion(question)).map((c) => v.text.slice(c.start, c.end));
    };
    expect(
      spans(
        'How many universities are in Melbourne?',
        'The first opened in 1853, and Melbourne now has 8 universities.',
      ),
    ).toEqual(['8']);
    expect(
      spans('What percentage of France is protestant?', 'About one million people, or 2% of France, are protestant.'),
    ).toEqual(['2%']);
  });

  it('a month is no answer to "who"', () => {
    const v = view('The company was formed in November by Sky Television.');
    const names = findCandidates(v, analyzeQuestion('What company was formed by Sky Television?')).map((c) =>
      v.text.slice(c.start, c.end),
    );
    expect(names).not.toContain('November');
  });
});

describe('dates and spellings', () => {
  const spans = (question: string, text: string) => {
    const v = analyze(text);
    return findCandidates(v, analyzeQuestion(question)).map((c) => v.text.slice(c.start, c.end));
  };

  it('finds medieval years, decades and centuries', () => {
    expect(spans('When was the duchy founded?', 'The duchy, which began in 911 as a fiefdom, grew.')).toContain('911');
    expect(spans('When did Herve serve?', 'Hervé served in the 1050s.')).toContain('1050s');
    expect(spans('In what century did it happen?', 'It happened in the 11th century.')).toContain('11th century');
    expect(spans('When did the garrison fall?', 'It resisted until 1082, when it fell.')).toContain('1082');
  });

  it('matches a name whatever its accents', () => {
    const m = new TermMatcher(wordVectors()).match(
      { lower: 'herve', stem: 'herv', name: true },
      analyze('Hervé was a general.').tokens,
    );
    expect(m.score).toBe(1);
  });

  it('does not require a light verb to be repeated: "Where is X located?"', () => {
    expect(analyzeQuestion('Where was Dyrrachium located?').verbs).toEqual([]);
    expect(analyzeQuestion('Who captured Hama?').verbs.map((v) => v.lower)).toEqual(['captured']);
  });
});
