import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, loadDatasetFile, loadSuite } from '../../src/eval/index.js';
import { REPO, tempDir } from '../helpers/fixtures.js';

const ITEM = { id: 'q1', question: 'When was it built?', answers: ['1874'], answerable: true };

function datasetOf(...lines: object[]): string {
  const path = join(tempDir(), 'questions.jsonl');
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
}

describe('a dataset header', () => {
  it('is read from the first line, its corpus resolved against the dataset file', () => {
    const path = datasetOf({ corpus: 'docs', documents: ['lighthouse'] }, ITEM);
    expect(loadDatasetFile(path)).toEqual({
      header: { corpus: resolve(dirname(path), 'docs'), documents: ['lighthouse'] },
      items: [{ ...ITEM, category: 'other' }],
    });
    expect(loadDataset(path)).toHaveLength(1);
  });

  it('anywhere else, or with a field it does not know, is refused with its line number', () => {
    const late = datasetOf(ITEM, { corpus: 'docs' });
    expect(() => loadDatasetFile(late)).toThrow(`${late}:2: only the first line may be a header (no question)`);
    const odd = datasetOf({ corpus: 'docs', folder: 'x' }, ITEM);
    expect(() => loadDatasetFile(odd)).toThrow(new RegExp(`${odd}:1: header: Unrecognized key: "folder"`));
  });

  it('a line that forgot its question is still reported as an item', () => {
    const path = datasetOf({ id: 'q1', answers: [], answerable: false });
    expect(() => loadDatasetFile(path)).toThrow(`${path}:1: question:`);
  });

  it('the datasets of evals/sets.json have none (their bytes are hashed by the confidence weights)', () => {
    for (const set of loadSuite(join(REPO, 'evals', 'sets.json')))
      expect(loadDatasetFile(set.questions).header, set.name).toBeUndefined();
  });
});
