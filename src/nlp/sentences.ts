import type { Span } from '../types.js';
import { analyze } from './analyze.js';

/**
 * Sentence spans of a text. Paragraphs (blank-line separated) are split first so that a heading or a
 * list item without a full stop never fuses with the next paragraph's first sentence.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const para = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (const m of text.matchAll(para)) {
    const base = m.index ?? 0;
    for (const s of analyze(m[0]).sentences) spans.push({ start: base + s.start, end: base + s.end });
  }
  return spans.filter((s) => s.end > s.start);
}
