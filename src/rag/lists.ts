import type { IndexedDocument } from '../index/index.js';
import type { Source } from '../types.js';

/** A sentence that a list follows: a lead-in ending with a colon ("check these common causes first:"). */
const LEADS_IN = /:\s*$/;
/** A list item: a bullet or a number, then its text. */
const ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S/;
/** A list longer than this is quoted in part: an answer is not the place for a whole appendix. */
const MAX_ITEMS = 10;

export interface Quoted {
  doc: IndexedDocument;
  source: Source;
  index: number;
  text: string;
  start: number;
  end: number;
}

/**
 * The list items that follow a lead-in sentence, in order: a sentence that ends "…these causes first:" says
 * nothing without them, so an answer quoting it quotes them too ("lists stay whole").
 */
function listAfter(s: Omit<Quoted, 'start' | 'end'>): Quoted[] {
  if (!LEADS_IN.test(s.text)) return [];
  const items: Quoted[] = [];
  for (let k = s.index + 1; k < s.doc.sentences.length && items.length < MAX_ITEMS; k++) {
    const { start, end } = s.doc.sentences[k];
    const text = s.doc.text.slice(start, end);
    if (!ITEM.test(text)) break;
    items.push({ doc: s.doc, source: s.source, index: k, text, start, end });
  }
  return items;
}

/** The sentences with the lists they lead into, each once, in order. */
export function withLists<T extends Omit<Quoted, 'start' | 'end'>>(sentences: T[]): (T | Quoted)[] {
  const seen = new Set<string>();
  const out: (T | Quoted)[] = [];
  for (const s of sentences)
    for (const q of [s, ...listAfter(s)]) {
      const key = `${q.doc.id}:${q.index}`;
      if (!seen.has(key)) out.push(q);
      seen.add(key);
    }
  return out;
}
