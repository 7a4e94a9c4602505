import { sentenceSpans } from '../nlp/index.js';
import type { Chunk, Span } from '../types.js';

export const CHUNKER = 'sentences-v1:4x900+1';
const MAX_SENTENCES = 4;
const MAX_CHARS = 900;

export { sentenceSpans };

/** Chunks of up to 4 sentences / ~900 characters, each sharing one sentence with the next. */
export function chunkText(docId: string, text: string, sentences: Span[]): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    while (j + 1 < sentences.length && j + 1 - i < MAX_SENTENCES && sentences[j + 1].end - sentences[i].start <= MAX_CHARS) j++;
    const start = sentences[i].start;
    const end = sentences[j].end;
    chunks.push({ id: `${docId}#${chunks.length}`, docId, text: text.slice(start, end), start, end });
    if (j + 1 >= sentences.length) break;
    i = j > i ? j : j + 1;
  }
  return chunks;
}
