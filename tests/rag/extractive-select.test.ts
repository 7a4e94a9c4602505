import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES, NEEDS_CANDIDATE } from '../../src/rag/index.js';
import type { ExtractiveSelection } from '../../src/rag/index.js';
import { articleRuntime } from '../helpers/runtime.js';

describe('the extractive answerer reports the short answer it chose (what evals/fit-confidence.ts learns from)', () => {
  it('tells the observer passed in of the chosen sentence, its span and its confidence features', async () => {
    const chosen: ExtractiveSelection[] = [];
    const rt = await articleRuntime({}, { onSelect: (s) => chosen.push(s) });
    const a = await rt.answers.ask({ question: 'How far is Hama from Aleppo?' });
    expect(chosen).toHaveLength(1);
    expect(chosen[0].span).toBe(a.shortAnswer);
    expect(chosen[0].question.type).toBe('number');
    expect(NEEDS_CANDIDATE.has(chosen[0].question.type)).toBe(true);
    expect(chosen[0].features).toHaveLength(CONFIDENCE_FEATURES.length);
    expect(chosen[0].features[0]).toBe(1); // the bias term
  });

  it('tells it of no answer when no sentence passes the checks, only of the quote it could offer instead', async () => {
    const chosen: ExtractiveSelection[] = [];
    const rt = await articleRuntime({}, { onSelect: (s) => chosen.push(s) });
    expect((await rt.answers.ask({ question: 'What is the population of Damascus?' })).refused).toBe(true);
    expect(chosen.filter((s) => s.kind === 'answer')).toHaveLength(0);
    for (const s of chosen) expect(s).toMatchObject({ kind: 'quote', span: '' });
  });
});
