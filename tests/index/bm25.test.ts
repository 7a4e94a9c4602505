import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, bm25Terms } from '../../src/index/bm25.js';
import { sentenceSpans } from '../../src/nlp/index.js';
import { ARTICLE, SQUAD_DIR } from '../helpers/fixtures.js';

/** Format 1 stored a MiniSearch index; the typed-array index must rank exactly as it did (scores and ties). */
function miniSearch(texts: string[]) {
  const mini = new MiniSearch<{ row: number; text: string }>({
    fields: ['text'],
    idField: 'row',
    tokenize: bm25Terms,
    processTerm: (t: string) => t,
  });
  mini.addAll(texts.map((text, row) => ({ row, text })));
  return (q: string, k: number) =>
    mini
      .search(q, { combineWith: 'OR' })
      .slice(0, k)
      .map((r) => ({ row: r.id as number, score: r.score }));
}

function texts(): string[] {
  const squad = join(SQUAD_DIR, 'dev-v2.0.json');
  const out: string[] = [];
  const data = JSON.parse(readFileSync(squad, 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
  for (const a of data.data.slice(0, 12)) for (const p of a.paragraphs) out.push(p.context);
  const article = readFileSync(ARTICLE, 'utf8');
  // Sentences of the article, each alone and in overlapping pairs: many near-ties and repeated texts.
  const sentences = sentenceSpans(article).map((s) => article.slice(s.start, s.end));
  sentences.forEach((s, i) => out.push(s, `${s} ${sentences[i + 1] ?? ''}`));
  out.push('', 'the of and', 'Aleppo Aleppo Aleppo Hama');
  return out;
}

describe('Bm25Index', () => {
  const corpus = texts();
  const index = Bm25Index.build(corpus);
  const reference = miniSearch(corpus);
  const queries = [
    ...corpus.filter((_, i) => i % 7 === 0).map((t) => t.split(' ').slice(0, 8).join(' ')),
    'Aleppo Aleppo Hama',
    'the the',
    'zzzunknown',
    '',
    'rebels captured Hama in December 2024?',
  ];

  it('returns the same rows, scores and order as the MiniSearch index of format 1', () => {
    for (const q of queries) for (const k of [1, 5, 50]) expect(index.search(q, k)).toEqual(reference(q, k));
  });

  it('round-trips through its binary file', () => {
    const parts = index.encode();
    const file = Buffer.concat(parts);
    const loaded = Bm25Index.decode(file);
    expect(loaded.size).toBe(corpus.length);
    for (const q of queries) expect(loaded.search(q, 50)).toEqual(index.search(q, 50));
  });

  it('reads a file whose buffer is not 8-byte aligned', () => {
    const file = Buffer.concat(index.encode());
    const shifted = Buffer.alloc(file.length + 3);
    file.copy(shifted, 3);
    expect(Bm25Index.decode(shifted.subarray(3)).search('Aleppo Hama', 5)).toEqual(index.search('Aleppo Hama', 5));
  });

  it('refuses a truncated file', () => {
    const file = Buffer.concat(index.encode());
    expect(() => Bm25Index.decode(file.subarray(0, file.length - 8))).toThrow();
  });
});
