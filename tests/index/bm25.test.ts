import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/index/bm25.js';
import { ARTICLE } from '../helpers/fixtures.js';

describe('Bm25Index serialisation', () => {
  it('writes exactly what JSON.stringify(MiniSearch) writes, and reads back the same ranking', () => {
    const sentences = readFileSync(ARTICLE, 'utf8').split(/(?<=\.)\s+/);
    // Rows out of order and far apart, terms in many rows and in one, a row with no terms at all.
    const texts = [...sentences, '', 'The the THE', ...sentences.map((s) => s.toUpperCase()), 'Aleppo’s rebels; 70 miles'];
    const index = Bm25Index.build(texts);
    const json = index.toJSON();
    expect(json).toBe(JSON.stringify((index as unknown as { mini: object }).mini));
    const loaded = Bm25Index.fromJSON(json);
    for (const q of ['Hama Aleppo', 'rebels captured', 'miles']) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
  });
});
