import { describe, expect, it } from 'vitest';
import {
  hitAt,
  meanReciprocalRank,
  rankOf,
  retrievalScores,
  squadPredictions,
  squadSummary,
  summarise,
} from '../../src/eval/index.js';
import type { EvalItem, SquadFile } from '../../src/eval/index.js';

/** An evaluated question with only the fields a test names; the rest are neutral. */
const item = (over: Partial<EvalItem> & Pick<EvalItem, 'id'>): EvalItem => ({
  question: `question ${over.id}`,
  answerable: true,
  answers: [],
  category: 'test',
  answer: '',
  refused: false,
  citations: [],
  sources: [],
  correct: false,
  latencyMs: 1,
  f1: 0,
  mode: 'extractive',
  ...over,
});

const source = (docId: string, n: number) => ({
  n,
  docId,
  chunkId: `${docId}#0`,
  title: docId,
  text: '',
  score: 1,
  start: 0,
  end: 0,
});
const quote = (text: string) => ({ n: 1, docId: 'p1', chunkId: 'p1#0', title: 'p1', quote: text, start: 0, end: 0 });

describe('rankOf', () => {
  it('is the 1-based position of the first occurrence, undefined when absent', () => {
    expect(rankOf(['a', 'b', 'a', 'c'], 'a')).toBe(1);
    expect(rankOf(['a', 'b', 'a', 'c'], 'c')).toBe(4);
    expect(rankOf(['a', 'b'], 'z')).toBeUndefined();
    expect(rankOf([], 'a')).toBeUndefined();
  });
});

describe('hit@k and MRR', () => {
  // Gold at ranks 1, 3, nowhere, 2.
  const ranks = [1, 3, undefined, 2];

  it('hit@k counts the questions whose gold is within the first k', () => {
    expect(hitAt(ranks, 1)).toBe(1 / 4); // only the first
    expect(hitAt(ranks, 2)).toBe(2 / 4); // ranks 1 and 2
    expect(hitAt(ranks, 3)).toBe(3 / 4); // all but the miss
    expect(hitAt(ranks, 5)).toBe(3 / 4);
  });

  it('MRR averages 1/rank with a miss as 0', () => {
    // (1 + 1/3 + 0 + 1/2) / 4 = (11/6) / 4 = 11/24
    expect(meanReciprocalRank(ranks)).toBeCloseTo(11 / 24, 12);
  });

  it('gives the summary line together, and 0 rather than NaN for no questions', () => {
    expect(retrievalScores(ranks)).toEqual({ hitAt1: 0.25, hitAt3: 0.75, hitAt5: 0.75, mrr: 11 / 24 });
    expect(retrievalScores([])).toEqual({ hitAt1: 0, hitAt3: 0, hitAt5: 0, mrr: 0 });
  });
});

describe('seed-set summary', () => {
  it('judges retrieval by the gold rank of answerable questions only', () => {
    const items = [
      item({ id: 'a', goldRank: 1 }),
      item({ id: 'b', goldRank: 4 }),
      item({ id: 'c' }), // answerable, gold never retrieved
      item({ id: 'd', answerable: false, goldRank: 1 }), // not counted, whatever its rank
    ];
    // Over a, b, c: hit@1 1/3, hit@3 1/3, hit@5 2/3; MRR (1 + 1/4 + 0) / 3 = 5/12.
    expect(summarise(items, () => undefined, 0).retrieval).toEqual({
      hitAt1: 1 / 3,
      hitAt3: 1 / 3,
      hitAt5: 2 / 3,
      mrr: 5 / 12,
    });
  });
});

describe('SQuAD summary', () => {
  const data: SquadFile['data'] = [
    {
      title: 'Hama',
      paragraphs: [
        {
          context: 'Syrian rebels took Hama, 110km south of Aleppo.',
          qas: [
            { id: 'q1', question: 'Which city did the rebels take?', answers: [{ text: 'Hama' }] },
            { id: 'q2', question: 'How far is Hama from Aleppo?', answers: [{ text: '110km' }] },
            { id: 'q3', question: 'Who took Damascus?', answers: [], is_impossible: true },
          ],
        },
      ],
    },
  ];
  const run = { data, items: ['q1', 'q2', 'q3'].map((id) => ({ id, paragraph: 'p1' })) };
  const items = [
    item({
      id: 'q1',
      shortAnswer: 'Hama',
      citations: [quote('rebels took Hama')],
      sources: [source('p1', 1), source('p2', 2)],
    }),
    item({ id: 'q2', citations: [quote('110km south of Aleppo')], sources: [source('p2', 1), source('p1', 2)] }),
    item({ id: 'q3', answerable: false, refused: true, sources: [source('p2', 1)] }),
  ];

  it('scores a missing short span as "no answer", and the strict figure its first quote', () => {
    expect(squadPredictions(items)).toEqual({
      lenient: { q1: 'Hama', q2: '', q3: '' },
      strict: { q1: 'Hama', q2: '110km south of Aleppo', q3: '' },
    });
    // A refusal is "" in both, even with a quote.
    expect(squadPredictions([item({ id: 'r', refused: true, citations: [quote('x')] })]).strict).toEqual({ r: '' });
  });

  it('gives the official scores and retrieval by gold paragraph, cited and BM25', () => {
    const bm25 = new Map([
      ['q1', ['p2', 'p1']],
      ['q2', ['p1']],
      ['q3', []],
    ]);
    const s = squadSummary(
      run,
      items,
      summarise(items, () => undefined, 0),
      bm25,
    );
    // Cited ranks of p1: 1, 2, none → hit@1 1/3, hit@3 = hit@5 2/3, MRR (1 + 1/2 + 0) / 3 = 1/2.
    // BM25 ranks of p1: 2, 1, none → hit@1 1/3, hit@5 2/3.
    expect(s.retrieval).toEqual({
      hitAt1: 1 / 3,
      hitAt3: 2 / 3,
      hitAt5: 2 / 3,
      mrr: 0.5,
      bm25: { hitAt1: 1 / 3, hitAt5: 2 / 3 },
    });
    // Lenient: q1 exact, q2 "" against "110km" scores 0, q3 "" on an impossible question scores 1.
    expect(s.squad).toEqual({
      exact: (100 * 2) / 3,
      f1: (100 * 2) / 3,
      total: 3,
      HasAns_exact: 50,
      HasAns_f1: 50,
      HasAns_total: 2,
      NoAns_exact: 100,
      NoAns_f1: 100,
      NoAns_total: 1,
    });
    // Strict: q2's quote "110km south of aleppo" shares 1 of its 4 tokens with "110km": P 1/4, R 1, F1 0.4.
    expect(s.squadStrict?.exact).toBeCloseTo((100 * 2) / 3, 10);
    expect(s.squadStrict?.f1).toBeCloseTo((100 * 2.4) / 3, 10);
    expect(s.squadStrict?.HasAns_f1).toBeCloseTo(70, 10);
  });
});
