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
