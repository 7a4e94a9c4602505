import { describe, expect, it } from 'vitest';
import { boundedCache, stringBytes } from '../../src/bounded-cache.js';
import { sentenceSpans } from '../../src/nlp/index.js';
import { MAX_LEARNT_WORDS, winkLearnt } from '../../src/nlp/wink.js';

describe('caches bounded by bytes', () => {
  it('keeps no more than its budget of 4 kB keys, and never an entry larger than a twentieth of it', () => {
    const budget = 1024 * 1024;
    const cache = boundedCache<string, string>(budget, stringBytes);
    for (let i = 0; i < 5_000; i++) cache.set(`${i}:${'q'.repeat(1_990)}`, 'v');
    expect(cache.calculatedSize).toBeLessThanOrEqual(budget);
    expect(cache.size).toBeGreaterThan(100);
    expect(cache.size).toBeLessThan(300);
    cache.set('huge', 'x'.repeat(budget / 20));
    expect(cache.has('huge')).toBe(false);
  });

  it('rebuilds a wink pipeline that has learnt too many unknown words', () => {
    // Unknown words: wink appends each to its lexicon and keeps it for the life of the instance.
    const words = Array.from({ length: MAX_LEARNT_WORDS + 30_000 }, (_, i) => `zq${i.toString(36)}x`);
    for (let i = 0; i < words.length; i += 10_000) sentenceSpans(`${words.slice(i, i + 10_000).join(' ')}.`);
    expect(winkLearnt()).toBeLessThan(MAX_LEARNT_WORDS);
  }, 60_000);
});
