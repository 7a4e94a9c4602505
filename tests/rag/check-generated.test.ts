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
  checkGenerated(text, sources, {
    matcher: new TermMatcher(wordVectors()),
    doc: (id) => rt.index().document(id),
    policy,
  });

describe('checking generated answers against the sources', () => {
  it('turns each valid marker into a citation of the best-supporting sentence', () => {
    const r = check(
      `Abu Mohammed al-Jawlani declared victory in the city [${n('Jawlani')}]. ` +
        `Hama has one million people [${n('one million')}].`,
    );
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

  it('drops an invented claim whose bad marker named no source, and never re-cites it to a near-miss sentence', () => {
    // "[42]" names no source; the rest of the claim ("the rebels … captured") is in the sentence about Aleppo.
    const r = check(
      `Hama is 110km (70 miles) south of Aleppo [${n('110km')}]. The rebels also captured the Moon [42].`,
    );
    expect(r.dropped).toBe(1);
    expect(r.unsupported).toEqual(['The rebels also captured the Moon.']);
    expect(r.answer).toBe(`Hama is 110km (70 miles) south of Aleppo [${n('110km')}].`);
    expect(r.citations).toHaveLength(1);
  });

  it.each([
    ['an unsupported name without a marker', () => 'The rebels also captured the Moon.'],
    [
      'an unsupported name under a valid marker',
      () => `The rebels captured Aleppo and Damascus last week [${n('110km')}].`,
    ],
    [
      'an unsupported content word under a valid marker',
      () => `The rebels captured Aleppo with tanks last week [${n('110km')}].`,
    ],
    ['an unsupported content word without a marker', () => 'The rebels captured Aleppo using chemical weapons.'],
  ])('drops a claim with %s', (_what, text) => {
    const r = check(text());
    expect(r.citations).toEqual([]);
    expect(r.unsupported).toEqual([text().replace(/ \[\d+\]/, '')]);
    expect(r.answer).toBe('');
  });

  it.each([
    ['seized for "taken control of"', 'Syrian rebels seized Hama', 'taken control'],
    [
      'pledged backing for "offered support"',
      'Russia and Iran have pledged unconditional backing to Assad',
      'unconditional support',
    ],
    [
      'claimed and promised for "declared" and "vowed"',
      'HTS leader Abu Mohammed al-Jawlani claimed victory and promised no revenge',
      'Jawlani',
    ],
    ['seized the city for "captured"', 'The rebels seized the city of Aleppo last week', 'which the rebels captured'],
    ['army pulled out for "military withdrew"', 'The army pulled out its troops from Hama', 'military withdrew'],
  ])('keeps a paraphrase: %s', async (_what, claim, needle) => {
    const own = await rt.answers.search(claim, 5);
    const at = own.find((s) => s.text.includes(needle))!.n;
    const r = checkGenerated(`${claim} [${at}].`, own, {
      matcher: new TermMatcher(wordVectors()),
      doc: (id) => rt.index().document(id),
      policy: 'drop',
    });
    expect(r.unsupported).toEqual([]);
    expect(r.answer).toBe(`${claim} [${at}].`);
    expect(r.citations[0].quote).toContain(needle);
  });

  it('lets a claim join two sentences its own marker cites, but not a sentence it did not cite', () => {
    const both = sources.find(
      (s) => s.text.includes('taken control') && s.text.includes('which the rebels captured'),
    )!.n;
    const one = sources.find(
      (s) => !s.text.includes('taken control') && s.text.includes('which the rebels captured'),
    )!.n;
    const claim = 'The rebels, who have taken control of Hama, captured Aleppo last week';
    const joined = check(`${claim} [${both}].`);
    expect(joined.unsupported).toEqual([]);
    expect(joined.citations.map((c) => c.quote.slice(0, 20))).toEqual(['HAMA - Syrian rebels', 'Hama is home to one ']);
    const halfCited = check(`${claim} [${one}].`);
    expect(halfCited.unsupported).toEqual([`${claim}.`]);
    expect(halfCited.citations).toEqual([]);
  });

  it.each([
    "The sources don't say.",
    'The provided sources do not mention the population of Damascus.',
    'I could not find that in the documents.',
  ])('recognises a refusal: %s', (text) => {
    expect(check(text).refused).toBe(true);
  });
});
