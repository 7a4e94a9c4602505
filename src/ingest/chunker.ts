import { MAX_CHUNK_CHARS, capSpans, sentenceSpans } from '../nlp/index.js';
import type { Chunk, Span } from '../types.js';

// v2: sentences and unpunctuated runs longer than a chunk are cut at a space (v1 kept them whole).
// v3: list items, table rows and headings are units of their own, and an HTML table row is one line.
// v4: a full stop inside a word (a file name, a path, an address) does not end a sentence.
export const CHUNKER = `sentences-v4:4x${MAX_CHUNK_CHARS}+1`;
const MAX_SENTENCES = 4;

export { MAX_CHUNK_CHARS, sentenceSpans };

/**
 * Chunks of up to 4 sentences / MAX_CHUNK_CHARS characters, each sharing one sentence with the next. Spans
 * longer than a chunk (sentenceSpans never gives one) are cut first, so no chunk is ever longer.
 */
export function chunkText(docId: string, text: string, spans: Span[]): Chunk[] {
  const sentences = capSpans(text, spans);
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    const fits = (k: number) => k - i < MAX_SENTENCES && sentences[k].end - sentences[i].start <= MAX_CHUNK_CHARS;
    while (j + 1 < sentences.length && fits(j + 1)) j++;
    const start = sentences[i].start;
    const end = sentences[j].end;
    chunks.push({ id: `${docId}#${chunks.length}`, docId, text: text.slice(start, end), start, end });
    if (j + 1 >= sentences.length) break;
    i = j > i ? j : j + 1;
  }
  return chunks;
}
