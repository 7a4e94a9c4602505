import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { isYesNoQuestion } from '../../src/rag/yes-no.js';
import { articleRuntime } from '../helpers/runtime.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

describe('yes/no questions', () => {
  it.each([
    ['Is HTS designated as a terrorist organisation by the US?', true],
    ["Isn't Hama south of Aleppo?", true],
    ['Did the rebels capture Aleppo?', true],
    ['Who captured Hama?', false],
    ['Is Hama north or south of Aleppo?', false],
  ])('tells a yes/no question: %s', (question, expected) => {
    expect(isYesNoQuestion(question)).toBe(expected);
  });

  it('says yes, with the quote, when a sentence states it', async () => {
    const a = await rt.answers.ask({ question: 'Is HTS designated as a terrorist organisation by the US?' });
    expect(a).toMatchObject({ refused: false, shortAnswer: 'Yes' });
    expect(a.answer).toMatch(/^Yes\./);
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0].quote).toMatch(/designated as a terrorist organisation/);
  });

  it('says no when the sentence negates it', async () => {
    const a = await rt.answers.ask({ question: 'Did Jawlani vow revenge in Hama?' });
    expect(a).toMatchObject({ refused: false, shortAnswer: 'No' });
    expect(a.citations[0].quote).toMatch(/no revenge/);
  });

  it('says no when the question asks "still" and the sentence says it stopped', async () => {
    const a = await rt.answers.ask({ question: 'Is HTS still affiliated with al-Qaeda?' });
    expect(a).toMatchObject({ refused: false, shortAnswer: 'No' });
  });

  it('says "not stated" when no sentence settles it, rather than quoting one as if it did', async () => {
    const a = await rt.answers.ask({ question: 'Has Russia sent ground troops to defend Hama?' });
    expect(a.refused).toBe(true);
    expect(a.shortAnswer).toBeUndefined();
  });
});
