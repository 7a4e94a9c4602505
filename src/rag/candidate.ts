import type { Entity, Token } from '../nlp/index.js';

export interface Candidate {
  /** Offsets into the sentence text. */
  start: number;
  end: number;
  /** Token nearest the candidate's head, for distance to the question's terms. */
  token: number;
  bonus: number;
  kind: string;
}

export interface SentenceView {
  text: string;
  tokens: Token[];
  entities: Entity[];
}

export function span(view: SentenceView, first: number, last: number, bonus: number, kind: string): Candidate {
  return { start: view.tokens[first].start, end: view.tokens[last].end, token: first, bonus, kind };
}

/** A candidate found in the text by character offsets, its token the first at or after its start. */
export function spanAt(view: SentenceView, start: number, end: number, bonus: number, kind: string): Candidate {
  const token = Math.max(
    0,
    view.tokens.findIndex((t) => t.start >= start),
  );
  return { start, end, token, bonus, kind };
}
