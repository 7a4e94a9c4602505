import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_CHARS } from '../../src/ingest/index.js';
import type { Token } from '../../src/nlp/index.js';
import { TermMatcher, analyzeQuestion } from '../../src/rag/index.js';
import { locateFocus } from '../../src/rag/focus.js';
import { ARTICLE, corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const token = (text: string, i: number): Token => {
  const lower = text.toLowerCase();
  return { text, lower, stem: lower, pos: 'PROPN', start: i * 5, end: i * 5 + text.length, sentence: 0 };
};

describe('per-request work bounded by input size', () => {
  it('locates a name mentioned 300,000 times in one sentence without spreading the positions into a call', () => {
    // Math.min(...positions) and push(...positions) overflowed the stack here (the 500 from /api/ask on a 50 MB line).
    const tokens = Array.from({ length: 600_000 }, (_, i) => token(i % 2 ? 'Hama' : 'he', i));
    const focus = locateFocus(analyzeQuestion('What happened in Hama?'), tokens, new TermMatcher());
    expect(focus.found).toBe(1);
    // 300,000 mentions and every "he" after the first of them.
    expect(focus.positions.length).toBe(599_999);
  });

  it('answers and searches a corpus with a 1 MB line without full stops in pieces of ≤ 900 characters', async () => {
    const words = 'the convoy of the northern brigade moved slowly along the river road toward the old bridge';
    const dir = corpusOf({ 'log.txt': `${`${words} `.repeat(Math.ceil(1_000_000 / (words.length + 1)))}\n` });
    copyFileSync(ARTICLE, join(dir, 'hama-2024-12-06.txt'));
    const rt = await articleRuntime({ CITED_CORPUS_DIR: dir, CITED_LLM: 'extractive' });
    const sources = await rt.answers.search('convoy northern brigade river road bridge', 5);
    expect(sources.some((s) => s.docId === 'log')).toBe(true);
    for (const s of sources) expect(s.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    const answer = await rt.answers.ask({ question: 'Where did the convoy of the northern brigade move?' });
    for (const c of answer.citations) expect(c.quote.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    expect(answer.answer.length).toBeLessThanOrEqual(2 * MAX_CHUNK_CHARS);
    // The article still answers as before.
    const hama = await rt.answers.ask({ question: 'Who captured Hama?' });
    expect(hama.refused).toBe(false);
    expect(hama.citations[0].docId).toBe('hama-2024-12-06');
  }, 60_000);
});
