import type { Span } from '../types.js';
import type { ItemEntity, ItemSentence } from 'wink-nlp';
import { memoize } from './memo.js';
import { stem, wink } from './wink.js';

export interface Token {
  text: string;
  lower: string;
  stem: string;
  pos: string;
  start: number;
  end: number;
  sentence: number;
}

export interface Entity {
  type: string;
  text: string;
  start: number;
  end: number;
  firstToken: number;
  lastToken: number;
}

export interface SentenceSpan extends Span {
  firstToken: number;
  lastToken: number;
}

export interface TextAnalysis {
  text: string;
  tokens: Token[];
  sentences: SentenceSpan[];
  entities: Entity[];
}

/**
 * Tokens, sentences and entities with character offsets into `text`.
 * wink drops leading whitespace and may normalise, so offsets are found by searching forward
 * from a cursor rather than by summing token lengths.
 */
function analyzeText(text: string): TextAnalysis {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const at = text.indexOf(value, cursor);
    // A token wink normalised beyond recognition keeps a zero-length span at the cursor rather than a wrong one.
    const start = at >= 0 ? at : cursor;
    const end = at >= 0 ? at + value.length : cursor;
    cursor = end;
    tokens.push({ text: value, lower: value.toLowerCase(), stem: stem(value), pos: pos[i], start, end, sentence: 0 });
  }
  const sentences: SentenceSpan[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const [first, last] = s.out(its.span) as unknown as number[];
    let f = first;
    let l = last;
    while (f <= l && !tokens[f]?.text.trim()) f++;
    while (l >= f && !tokens[l]?.text.trim()) l--;
    if (tokens[f] === undefined || tokens[l] === undefined || f > l) return;
    for (let t = f; t <= l; t++) tokens[t].sentence = sentences.length;
    sentences.push({ start: tokens[f].start, end: tokens[l].end, firstToken: f, lastToken: l });
  });
  const entities: Entity[] = [];
  doc.entities().each((e: ItemEntity) => {
    const [first, last] = e.out(its.span) as unknown as number[];
    const type = e.out(its.type) as string;
    if (tokens[first] === undefined || tokens[last] === undefined) return;
    const start = tokens[first].start;
    const end = tokens[last].end;
    entities.push({ type, text: text.slice(start, end), start, end, firstToken: first, lastToken: last });
  });
  return { text, tokens, sentences, entities };
}

/** Analyses are immutable and sentences recur across questions, so they are memoised. */
export const analyze: (text: string) => TextAnalysis = memoize(analyzeText);
