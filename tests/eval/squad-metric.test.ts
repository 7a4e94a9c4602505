import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeF1, evaluateSquad, normalizeAnswer } from '../../src/eval/squad-metric.js';
import type { SquadFile } from '../../src/eval/squad-metric.js';
import { REPO } from '../helpers/fixtures.js';

const DIR = join(REPO, '..', 'shared', 'datasets', 'squad2-dev-official');

describe('SQuAD 2.0 metric (port of evaluate-v2.0.py)', () => {
  it('reproduces the official figures for the BERT predictions exactly', () => {
    const dev = JSON.parse(readFileSync(join(DIR, 'dev-v2.0.json'), 'utf8')) as SquadFile;
    const preds = JSON.parse(readFileSync(join(DIR, 'pred-bert-single-google.json'), 'utf8')) as Record<string, string>;
    expect(evaluateSquad(dev.data, preds)).toEqual({
      exact: 78.74168280973637, f1: 81.77528052374723, total: 11873,
      HasAns_exact: 74.10593792172739, HasAns_f1: 80.18183293833508, HasAns_total: 5928,
      NoAns_exact: 83.36417157275021, NoAns_f1: 83.36417157275021, NoAns_total: 5945,
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
