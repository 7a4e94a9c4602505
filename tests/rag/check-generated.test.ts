import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { checkGenerated, TermMatcher } from '../../src/rag/index.js';
import type { Source } from '../../src/types.js';
import { wordVectors } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

let rt: Runtime;
let sources: Source[];
beforeAll(async () => {
  rt = await articleRuntime();
  sources = await rt.answers.search('Hama Aleppo HTS Jawlani', 5);
});
const n = (needle: string) => sources.find((s) => s.text.includes(needle))!.n;
const check = (text: string, policy: 'drop' | 'mark' = 'drop') =>
  checkGenerated(text, sources, { matcher: new TermMatcher(wordVectors()), doc: (id) => rt.index().document(id), policy });

describe('checking generated answers against the sources', () => {
  it('turns each valid marker into a citation of the best-supporting sentence', () => {
    const r = check(`Abu Mohammed al-Jawlani declared victory in the city [${n('Jawlani')}]. Hama has one million people [${n('one million')}].`);
    expect(r.citations.map((c) => c.quote.slice(0, 20))).toEqual(['The leader of the Is', 'Hama is home to one ']);
    expect(r.unsupported).toEqual([]);
  });

  it('moves a marker that opens the next sentence back to the claim it closes', () => {
    const r = check(`Hama is home to one million people. [${n('one million')}] That is all.`);
    expect(r.answer).toBe(`Hama is home to one million people [${n('one million')}]. That is all.`);
  });

  it('does not let a marker vouch for a claim its source does not make', () => {
    const r = check(`Hama has five million people [${n('one million')}].`);
    expect(r.citations).toEqual([]);
    expect(r.unsupported).toEqual(['Hama has five million people.']);
  });

  it('marks instead of dropping when configured to', () => {
    const r = check(`Hama is 110km south of Aleppo [${n('110km')}]. Hama has a famous football team [1].`, 'mark');
    expect(r.answer).toMatch(/Hama has a famous football team\. \(unsupported\)$/);
    expect(r.unsupported).toHaveLength(1);
  });

  it.each(["The sources don't say.", 'The provided sources do not mention the population of Damascus.', 'I could not find that in the documents.'])(
    'recognises a refusal: %s',
    (text) => {
      expect(check(text).refused).toBe(true);
    },
  );
});
