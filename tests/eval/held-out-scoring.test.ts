import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, suiteTable } from '../../src/eval/index.js';
import { scoreItem, summarise } from '../../src/eval/metrics.js';
import type { Answer } from '../../src/types.js';
import { tempDir } from '../helpers/fixtures.js';

const answer = (text: string, extra: Partial<Answer> = {}): Answer => ({
  answer: text,
  refused: false,
  citations: [],
  sources: [],
  mode: 'extractive',
  timings: { retrieveMs: 0, generateMs: 0, totalMs: 0 },
  ...extra,
});
const item = (answers: string[], answerable = true) => ({
  id: 'x',
  question: 'q?',
  answers,
  answerable,
  category: 'c',
});

describe('scoring for held-out sets', () => {
  it('counts a wrong short answer as wrong, even when the quoted sentence holds the gold answer', () => {
    const a = answer('Brussels [1]\n\nThe summit moved from Brussels to Hama. [1]', { shortAnswer: 'Brussels' });
    const scored = scoreItem(item(['Hama']), a, 1);
    expect(scored).toMatchObject({ correct: false, wrongShort: true });
    expect(scoreItem(item(['Hama']), answer('The summit moved to Hama. [1]'), 1).correct).toBe(true);
  });

  it('lets a short answer that holds, lies inside or mostly overlaps a gold answer through', () => {
    for (const short of ['Abu Mohammed al-Jawlani', 'al-Jawlani', '110km'])
      expect(
        scoreItem(item(['al-Jawlani', '110km (70 miles)']), answer(short, { shortAnswer: short }), 1),
      ).toMatchObject({ wrongShort: false });
  });

  it('compares whole words: €14 is not €140, but 13 is in "13-year" and al-Qaeda in "al-Qaeda’s"', () => {
    const fits = (short: string, gold: string) =>
      !scoreItem(item([gold]), answer(`${short} [1]`, { shortAnswer: short }), 1).wrongShort;
    expect(fits('€14', '€140')).toBe(false);
    expect(fits('€140', '€140')).toBe(true);
    expect(fits('13-year', '13')).toBe(true);
    expect(fits('because it was al-Qaeda’s affiliate', 'al-Qaeda')).toBe(true);
    expect(fits('To “preserve civilian lives”', 'preserve civilian lives')).toBe(true);
  });

  it('counts any short answer to an unanswerable question as wrong, and its share of all questions', () => {
    const items = [
      scoreItem(item([], false), answer('Thousands [1]', { shortAnswer: 'thousands' }), 1),
      scoreItem(item([], false), answer('', { refused: true }), 1),
    ];
    expect(items.map((i) => [i.correct, i.wrongShort])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(summarise(items, () => undefined, 0).wrongShortRate).toBe(0.5);
  });

  it('needs a yes/no reply to lead with its yes or no, not merely contain the word', () => {
    expect(scoreItem(item(['yes']), answer('Yes. The machine has a timer. [1]'), 1).correct).toBe(true);
    expect(scoreItem(item(['yes']), answer('Yesterday the rebels said no. [1]'), 1).correct).toBe(false);
    expect(scoreItem(item(['no']), answer('The note says no more than ten days. [1]'), 1).correct).toBe(false);
  });
});

describe('question sets side by side', () => {
  it('resolves each set against the sets file, and prints tuning before held-out', () => {
    const dir = tempDir();
    const file = join(dir, 'sets.json');
    const sets = [
      { name: 'ours', role: 'heldout', questions: 'h/q.jsonl', corpus: 'h/docs' },
      { name: 'seed', role: 'tuning', questions: 'seed.jsonl', corpus: '../corpus' },
    ];
    writeFileSync(file, JSON.stringify({ sets }));
    const loaded = loadSuite(file);
    expect(loaded.map((s) => [s.questions, s.corpus])).toEqual([
      [join(dir, 'h/q.jsonl'), join(dir, 'h/docs')],
      [join(dir, 'seed.jsonl'), join(dir, '../corpus')],
    ]);
    const summary = summarise([scoreItem(item(['Hama']), answer('Hama'), 1)], () => undefined, 0);
    const header = suiteTable(loaded.map((set) => ({ set, summary }))).split('\n')[0];
    expect(header.indexOf('seed (tuning)')).toBeLessThan(header.indexOf('ours (held-out)'));
  });

  it('refuses a sets file that is not one, with a typed error naming the file', () => {
    const file = join(tempDir(), 'sets.json');
    writeFileSync(file, JSON.stringify({ sets: [{ name: 'x', role: 'training' }] }));
    expect(() => loadSuite(file)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => loadSuite(join(tempDir(), 'missing.json'))).toThrow(/cannot read/);
  });
});
