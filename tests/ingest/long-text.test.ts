import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHUNKER, MAX_CHUNK_CHARS, chunkText, loadTextDocument, sentenceSpans } from '../../src/ingest/index.js';
import { analyze } from '../../src/nlp/index.js';
import type { Span } from '../../src/types.js';
import { ARTICLE } from '../helpers/fixtures.js';

/** Every span is the exact, trimmed, non-empty text at its offsets, within the limit, in order, not overlapping. */
function expectExact(text: string, spans: Span[], max = MAX_CHUNK_CHARS): void {
  let previous = 0;
  for (const s of spans) {
    const piece = text.slice(s.start, s.end);
    expect(piece.length).toBeGreaterThan(0);
    expect(piece.length).toBeLessThanOrEqual(max);
    expect(piece.trim()).toBe(piece);
    expect(s.start).toBeGreaterThanOrEqual(previous);
    previous = s.end;
  }
}

/** The non-space characters of the text, all of them, in the pieces and in order. */
const letters = (s: string) => s.replace(/\s+/g, '');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const covered = (text: string, spans: Span[]) => letters(spans.map((s) => text.slice(s.start, s.end)).join(''));

function expectChunks(id: string, text: string, spans: Span[]): void {
  const chunks = chunkText(id, text, spans);
  for (const c of chunks) {
    expect(c.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    expect(text.slice(c.start, c.end)).toBe(c.text);
  }
}

describe('text without full stops', () => {
  it('cuts a 5 MB line of words without punctuation at spaces, within the limit, offsets exact', () => {
    const words = Array.from({ length: 800 }, (_, i) => `word${i}`).join(' ');
    const line = `${words} `.repeat(Math.ceil(5_000_000 / (words.length + 1)));
    const text = `A first sentence.\n\n${line}\n\nA last sentence.`;
    const spans = sentenceSpans(text);
    expectExact(text, spans);
    expect(covered(text, spans)).toBe(letters(text));
    // Cut at a word boundary: every piece starts and ends a whole word.
    for (const s of spans.slice(1, 200)) {
      expect(/\S/.test(text[s.start - 1] ?? ' ')).toBe(false);
      expect(/\S/.test(text[s.end] ?? ' ')).toBe(false);
    }
    expect(text.slice(spans[0].start, spans[0].end)).toBe('A first sentence.');
    expect(text.slice(spans.at(-1)!.start, spans.at(-1)!.end)).toBe('A last sentence.');
    expectChunks('big', text, spans);
  });

  it('cuts a 5,000-letter word hard at the limit', () => {
    const word = Array.from({ length: 5_000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    const text = `Before it. ${word} after it.`;
    const spans = sentenceSpans(text);
    expectExact(text, spans);
    expect(covered(text, spans)).toBe(letters(text));
    const inWord = spans.filter((s) => s.start >= text.indexOf(word) && s.end <= text.indexOf(word) + word.length);
    expect(inWord.filter((s) => s.end - s.start === MAX_CHUNK_CHARS).length).toBe(5);
    expectChunks('word', text, spans);
  });

  it('cuts CJK text without spaces within the limit, never inside a surrogate pair', () => {
    // 𠀀 (U+20000) is two UTF-16 code units: a cut between them would leave half a character on each side.
    const sentences = '漢字仮名交じり文𠀀は空白なしで続く。'.repeat(400);
    for (const text of [sentences, `字${'𠀀'.repeat(2_000)}`]) {
      const spans = sentenceSpans(text);
      expectExact(text, spans);
      expect(covered(text, spans)).toBe(letters(text));
      for (const s of spans) expect(LONE_SURROGATE.test(text.slice(s.start, s.end))).toBe(false);
      expectChunks('cjk', text, spans);
    }
  });

  it('keeps a long sentence with punctuation in pieces cut at spaces', () => {
    const clause = 'the council met again, and the members argued about the budget for the new bridge';
    const text = `${Array.from({ length: 30 }, () => clause).join(', ')}. Short one.`;
    const spans = sentenceSpans(text);
    expectExact(text, spans);
    expect(covered(text, spans)).toBe(letters(text));
    expect(text.slice(spans.at(-1)!.start, spans.at(-1)!.end)).toBe('Short one.');
  });

  it('still ends a sentence after a long URL, and analyses a long run as one token with its own spelling', () => {
    const url = `https://example.com/${'a1b2c3d4'.repeat(12)}`;
    const text = `The report is at ${url}. The mayor is Lee.`;
    const sentences = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    expect(sentences).toEqual([`The report is at ${url}.`, 'The mayor is Lee.']);
    const word = `${'x'.repeat(120)}ies`;
    const { tokens } = analyze(`Where is ${word} today?`);
    const t = tokens.find((k) => k.text === word);
    expect(t).toBeDefined();
    expect(`Where is ${word} today?`.slice(t!.start, t!.end)).toBe(word);
    // Taken as itself: not stemmed (Porter2 would make it "…i").
    expect(t!.stem).toBe(word);
    expect(tokens.map((k) => k.text)).toEqual(['Where', 'is', word, 'today', '?']);
  });
});

describe('a normal article', () => {
  it('has the same sentences and chunks as before (none of its sentences is over the limit)', () => {
    const doc = loadTextDocument(ARTICLE, 'hama.txt', 'hama');
    const spans = sentenceSpans(doc.text);
    expect(spans.length).toBe(18);
    expect(Math.max(...spans.map((s) => s.end - s.start))).toBeLessThan(MAX_CHUNK_CHARS);
    // Recorded from the chunker before long sentences were cut (sentences-v1).
    expect(chunkText(doc.id, doc.text, spans).map((c) => [c.start, c.end])).toEqual([
      [0, 704],
      [515, 1265],
      [1070, 1909],
      [1663, 2494],
      [2401, 2904],
      [2718, 3249],
    ]);
    expect(readFileSync(ARTICLE, 'utf8').length).toBeGreaterThan(3000);
  });

  it('names a new chunker version, so indexes built with giant chunks are re-chunked', () => {
    expect(CHUNKER).not.toBe('sentences-v1:4x900+1');
    expect(CHUNKER).toContain(String(MAX_CHUNK_CHARS));
  });
});
