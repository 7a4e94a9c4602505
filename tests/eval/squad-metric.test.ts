import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeF1, evaluateSquad, normalizeAnswer } from '../../src/eval/squad-metric.js';
import type { SquadFile } from '../../src/eval/squad-metric.js';
import { SQUAD_DIR } from '../helpers/fixtures.js';

const DIR = SQUAD_DIR;

describe('SQuAD 2.0 metric (port of evaluate-v2.0.py)', () => {
  it('reproduces the official figures for the BERT predictions exactly', () => {
    const dev = JSON.parse(readFileSync(join(DIR, 'dev-v2.0.json'), 'utf8')) as SquadFile;
    const preds = JSON.parse(readFileSync(join(DIR, 'pred-bert-single-google.json'), 'utf8')) as Record<string, string>;
    expect(evaluateSquad(dev.data, preds)).toEqual({
      exact: 78.74168280973637,
      f1: 81.77528052374723,
      total: 11873,
      HasAns_exact: 74.10593792172739,
      HasAns_f1: 80.18183293833508,
      HasAns_total: 5928,
      NoAns_exact: 83.36417157275021,
      NoAns_f1: 83.36417157275021,
      NoAns_total: 5945,
    });
  });

  it('normalises like the official script', () => {
    expect(normalizeAnswer('The  Eiffel-Tower!')).toBe('eiffeltower');
    expect(normalizeAnswer('a cat and an owl')).toBe('cat and owl');
    expect(normalizeAnswer('Théâtre the')).toBe('théâtre');
    expect(computeF1('the cat sat', 'cat sat down')).toBeCloseTo(0.8);
    expect(computeF1('', '')).toBe(1);
    expect(computeF1('', 'x')).toBe(0);
  });
});

describe('summary', () => {
  it('counts quotes the answer path rejected against the verbatim share', async () => {
    const { summarise } = await import('../../src/eval/index.js');
    const item = {
      id: 'a',
      question: 'q',
      answerable: true,
      answers: ['x'],
      category: 'c',
      answer: 'x [1]',
      refused: false,
      sources: [],
      correct: true,
      latencyMs: 1,
      f1: 1,
      mode: 'extractive' as const,
      citations: [{ n: 1, docId: 'd', chunkId: 'd#0', title: 't', quote: 'abc', start: 0, end: 3 }],
    };
    expect(summarise([item], () => 'abcdef', 0, 0).citations.verbatim).toBe(1);
    expect(summarise([item], () => 'abcdef', 0, 1).citations.verbatim).toBe(0.5);
    expect(summarise([item], () => 'xxxxxx', 0, 0).citations.verbatim).toBe(0);
  });
});
