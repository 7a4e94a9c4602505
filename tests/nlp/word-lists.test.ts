import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAME_PARTICLES, isNumberWord, isScaleWord, numberWordValue } from '../../src/nlp/index.js';
import { resolveRelative } from '../../src/rag/index.js';
import { REPO } from '../helpers/fixtures.js';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? sourceFiles(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : [],
  );

/** Source files (other than `own`) whose text matches `copy`: a hand-written copy of a list. */
function copiesOf(copy: RegExp, own: string): string[] {
  return sourceFiles(join(REPO, 'src'))
    .map((f) => relative(REPO, f))
    .filter((f) => f !== own)
    .filter((f) => copy.test(readFileSync(join(REPO, f), 'utf8')));
}

describe('number words', () => {
  it('have their values, the plural scales count, and other words are no number', () => {
    expect(['one', 'twelve', 'nineteen', 'fifty', 'ninety', 'hundred', 'dozen', 'half'].map(numberWordValue)).toEqual([
      1, 12, 19, 50, 90, 100, 12, 0.5,
    ]);
    expect(['thousands', 'dozens', 'seven', 'million'].every(isNumberWord)).toBe(true);
    expect(['sevens', 'a', 'constructor', 'toString', 'Seven', ''].some(isNumberWord)).toBe(false);
    expect(isScaleWord('million')).toBe(true);
    expect(isScaleWord('seven')).toBe(false);
  });

  it('read relative dates, and a word that names an Object property is no count', () => {
    expect(resolveRelative('five days ago', '2024-12-06')?.iso).toBe('2024-12-01');
    expect(resolveRelative('a week ago', '2024-12-06')?.iso).toBe('2024-11-29');
    expect(resolveRelative('thirteen-year', '2024-12-06')?.text).toBe('since about 2011');
    expect(resolveRelative('constructor days ago', '2024-12-06')).toBeUndefined();
  });

  it('are listed once, in src/nlp/number-words.ts', () => {
    expect(copiesOf(/\bone\|two\|three\b|\bthree: 3\b|'three'/, 'src/nlp/number-words.ts')).toEqual([]);
  });
});

describe('name particles', () => {
  it('join the parts of Arabic, English and European names', () => {
    for (const w of ['-', 'al', 'bin', 'ibn', 'of', 'de', 'von', 'van']) expect(NAME_PARTICLES.has(w)).toBe(true);
    // "the" joins too much: "De Agostini the Court of Justice" read as one name cost SQuAD dev answers.
    for (const w of ['and', 'in', 'the', 'Hama']) expect(NAME_PARTICLES.has(w)).toBe(false);
  });

  it('are listed once, in src/nlp/name-particles.ts', () => {
    expect(copiesOf(/\bbin\|ibn\b|\bibn\|bin\b|'ibn'/, 'src/nlp/name-particles.ts')).toEqual([]);
  });
});
