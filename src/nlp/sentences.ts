import type { Span } from '../types.js';
import { analyze } from './analyze.js';

/**
 * Sentence spans of a text. Paragraphs (blank-line separated) are split first so that a heading or a
 * list item without a full stop never fuses with the next paragraph's first sentence.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const para = /[^\r\n]+(?:\r?\n(?![ \t]*\r?\n)[^\r\n]*)*/g;
  for (const m of text.matchAll(para)) {
    const base = m.index ?? 0;
    for (const s of analyze(m[0]).sentences) spans.push({ start: base + s.start, end: base + s.end });
  }
  return spans.filter((s) => s.end > s.start && text.slice(s.start, s.end).trim().length > 0);
}
