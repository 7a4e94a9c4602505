import { readFileSync } from 'node:fs';
import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import packaged from 'wink-eng-lite-web-model';
import { describe, expect, it } from 'vitest';
import { winkModel } from '../../src/nlp/wink-model.js';
import { ARTICLE } from '../helpers/fixtures.js';

const texts = [
  readFileSync(ARTICLE, 'utf8'),
  'Dr. Smith paid $4.5 million to U.S. officials on 6 Dec. 2024 at 10:30 a.m.; she said “no” — twice!',
  'Ünïcödé text… with e-mail a@b.co, #tags, :-) and 3rd-party URLs like https://example.com/x?y=1.',
  'Zyxqvoid blorptastic frindles were grommulated. The unseen words come twice: zyxqvoid frindles.',
];

/** Everything cited reads from wink: tokens, tags, stems, lemmas, sentences and entities. */
function annotate(nlp: WinkMethods, text: string): unknown {
  const its = nlp.its;
  // stem and lemma are typed as addon functions but are read like any other token property.
  const doc = nlp.readDoc(text);
  return [
    doc.tokens().out(its.value),
    doc.tokens().out(its.pos),
    doc.tokens().out(its.type),
    doc.tokens().out(its.stem as unknown as typeof its.value),
    doc.tokens().out(its.lemma as unknown as typeof its.value),
    doc.tokens().out(its.normal),
    doc.sentences().out(its.span),
    doc.entities().out(its.detail),
  ];
}

describe('the fast-loading wink model', () => {
  it('annotates exactly as the packaged model does, with both pipelines cited uses', () => {
    for (const pipe of [['sbd', 'pos', 'ner'], ['sbd']]) {
      const ours = winkNLP(winkModel, pipe);
      const theirs = winkNLP(packaged, pipe);
      // Twice over: the second pass reads words the first one added to each instance's cache.
      for (let pass = 0; pass < 2; pass++)
        for (const text of texts) expect(annotate(ours, text)).toEqual(annotate(theirs, text));
    }
  });
});
