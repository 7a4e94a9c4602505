import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { CorpusLexicon } from '../../src/rag/corpus-lexicon.js';
import { CommonWords, correction, editDistance, normaliseQuestion } from '../../src/rag/normalise-question.js';
import type { IndexedDocument } from '../../src/index/index.js';
import { articleRuntime } from '../helpers/runtime.js';

const doc = (text: string): IndexedDocument => ({
  id: 'd',
  title: 'Notes',
  text,
  sha256: '',
  path: 'd.txt',
  sentences: [{ start: 0, end: text.length }],
});
const lexicon = new CorpusLexicon([
  doc('The population of Hama is one million. Rebels entered Hama. The descaling cycle takes 25 minutes in Hama.'),
]);
// A stand-in word table: "population" and "cycle" are common English words, "hama" a rare one, "populaton" unknown.
const RANKS: Record<string, number> = { population: 900, cycle: 2000, hama: 40_044, the: 1, of: 3 };
const rank = (w: string) => RANKS[w] ?? -1;

describe('question normalisation', () => {
  it('counts a swap of neighbours as one edit and stops past the bound', () => {
    expect(editDistance('populaton', 'population', 2)).toBe(1);
    expect(editDistance('cyle', 'cycle', 1)).toBe(1);
    expect(editDistance('form', 'from', 1)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('corrects a word neither the corpus nor the vectors know to the nearest corpus word', () => {
    expect(correction('populaton', lexicon)).toBe('population');
    expect(correction('cyle', lexicon)).toBe('cycle');
    // Too far from every corpus word, or too short to correct safely.
    expect(correction('zebra', lexicon)).toBeUndefined();
    expect(correction('hmo', lexicon)).toBeUndefined();
  });

  it('corrects to a common word by one edit at most', () => {
    const common = new CommonWords((row) => ['population', 'dealing', 'the'][row], 3);
    expect(correction('populaton', common, 1)).toBe('population');
    expect(correction('descaling', common, 1)).toBeUndefined();
  });

  it('spells out contractions, corrects typos and gives lower-case names their capitals', () => {
    expect(normaliseQuestion('whats the populaton of hama', { lexicon, rank })).toBe('what is the population of Hama');
    expect(normaliseQuestion("where's hama?", { lexicon, rank })).toBe('where is Hama?');
    // A two-word verb phrase is read as its verb; a corrected name keeps its capital.
    expect(normaliseQuestion('When did the war break out in Hama?', { lexicon, rank })).toBe(
      'When did the war begin in Hama?',
    );
    expect(normaliseQuestion('Populaton of Hama?', { lexicon, rank })).toBe('Population of Hama?');
    // A common word stays as typed even where the corpus writes it first in a sentence.
    expect(normaliseQuestion('how long is the cycle', { lexicon, rank })).toBe('how long is the cycle');
  });
});

describe('typed the way readers type, answered as if typed carefully', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await articleRuntime();
  });

  it('corrects a typo of a common word the corpus does not use (the article never says "population")', async () => {
    const a = await rt.answers.ask({ question: 'whats the populaton of hama' });
    expect(a.shortAnswer?.toLowerCase()).toBe('one million');
  });

  it.each(['how far is hama from alepo', 'How far is Hama from Aleppo?'])('%s', async (question) => {
    const a = await rt.answers.ask({ question });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).toBe('110km (70 miles)');
  });

  it('still refuses a lower-case question about a place the article gives no distance for', async () => {
    const a = await rt.answers.ask({ question: 'how far is hama from damascus' });
    expect(a.shortAnswer).toBeUndefined();
  });
});
