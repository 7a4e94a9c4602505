import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { asksExpansion, findExpansion } from '../../src/rag/acronym.js';
import { articleRuntime } from '../helpers/runtime.js';

describe('what an acronym stands for', () => {
  it.each([
    ['What does SOHR stand for?', 'SOHR'],
    ['What is TIC short for?', 'TIC'],
    ['what does the acronym IBT stand for', 'IBT'],
    // A word, not an acronym: left to the follow-up rules.
    ['What does it stand for?', undefined],
    ['Who leads HTS?', undefined],
  ])('%s', (question, acronym) => expect(asksExpansion(question)).toBe(acronym));

  it.each([
    ['The Syrian Observatory for Human Rights (SOHR), a UK-based group', 'SOHR', 'Syrian Observatory for Human Rights'],
    ['The group Hayat Tahrir al-Sham (HTS) said', 'HTS', 'Hayat Tahrir al-Sham'],
    ['owned by the Marrowby Harbour Trust (MHT).', 'MHT', 'Marrowby Harbour Trust'],
  ])('finds the words before the bracket that spell it: %s', (text, acronym, expected) => {
    const found = findExpansion(text, acronym)!;
    expect(text.slice(found.start, found.end)).toBe(expected);
  });

  it('finds nothing when the capitals before the bracket do not spell it', () => {
    expect(findExpansion('Run by the Free Syrian Army (SNA) in the north', 'SNA')).toBeUndefined();
    expect(findExpansion('The SNA fought on.', 'SNA')).toBeUndefined();
  });

  describe('answered from the article', () => {
    let rt: Runtime;
    beforeAll(async () => {
      rt = await articleRuntime();
    });
    it('spells out an acronym the article introduces, citing where it does', async () => {
      const a = await rt.answers.ask({ question: 'what does sohr stand for' });
      expect(a.shortAnswer).toBe('Syrian Observatory for Human Rights');
      expect(a.citations[0].quote).toContain('(SOHR)');
    });
    it('says "not stated" for one it never spells out', async () => {
      const a = await rt.answers.ask({ question: 'What does SNA stand for?' });
      expect(a.refused).toBe(true);
    });
  });
});
