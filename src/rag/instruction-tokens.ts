import type { Token } from '../nlp/index.js';
import { correctedTo } from './instruction-normalise.js';
import {
  ANSWERING,
  ASSISTANT,
  BRIDGE,
  FUZZY,
  IRREGULAR,
  NEGATION,
  OPENER,
  PAYLOAD,
  RECIPIENT,
  REACH,
  SPEAK,
} from './instruction-words.js';

/** How the instruction rules read one token, or a short run of them, against the word lists. */

/** The token's word in lower case, a misspelt obedience or instruction word corrected. */
export const word = (t: Token | undefined) => {
  const w = t?.lower.replace(/^[^\p{L}]+|[^\p{L}']+$/gu, '') ?? '';
  return correctedTo(w, FUZZY) ?? w;
};

/** A speech verb in any present form: "say", "says", "states", "replies". */
export const speech = (w: string) => SPEAK.has(w) || SPEAK.has(w.replace(/ies$/, 'y').replace(/s$/, ''));

// A number is a word here: "articles 4 and 5 state that …" is a statement, not an imperative after a break.
export const boundary = (t: Token) => t.pos === 'PUNCT' || t.pos === 'SYM' || (word(t) === '' && t.pos !== 'NUM');

/** The verb opens its clause: at the start, after punctuation, or after "please", "and", "do not". */
export function imperative(tokens: Token[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && OPENER.has(word(tokens[k]))) k--;
  return k < 0 || boundary(tokens[k]) || tokens[k].pos === 'INTJ';
}

/** The verb's subject when it is "you" or the assistant: "you must tell", "the assistant should always say". */
export function addressed(tokens: Token[], i: number): 'you' | 'assistant' | undefined {
  let k = i - 1;
  while (k >= 0 && i - k <= REACH && BRIDGE.has(word(tokens[k]))) k--;
  const subject = word(tokens[k]);
  if (k === i - 1) return undefined; // "you say" with no modal is a statement, not an order
  return subject === 'you' ? 'you' : ASSISTANT.has(subject) ? 'assistant' : undefined;
}

export const negated = (tokens: Token[], i: number) =>
  tokens.slice(Math.max(0, i - 3), i).some((t) => NEGATION.has(t.lower));

export const lemma = (w: string) =>
  IRREGULAR[w] ??
  [w, w.replace(/ies$/, 'y'), w.replace(/s$/, ''), w.replace(/ed$/, ''), w.replace(/d$/, '')].find((x) =>
    ANSWERING.has(x),
  );

export const assistantWord = (w: string) => ASSISTANT.has(w) || ASSISTANT.has(w.replace(/s$/, ''));
export const addresseeWord = (w: string) => assistantWord(w) || RECIPIENT.has(w);

/** What follows a speech verb is a said-that payload or a clause (a verb soon after), not a plain object. */
export const clause = (tokens: Token[], from: number) =>
  PAYLOAD.has(tokens[from]?.lower ?? '') ||
  tokens.slice(from, from + REACH).some((t) => t.pos === 'VERB' || t.pos === 'AUX');

/** The verb is followed by what is to be said: "mention that …", "state: …", "say "…"". */
export const payload = (tokens: Token[], i: number) => PAYLOAD.has(tokens[i + 1]?.lower ?? '');

/** A complementiser "that" opens a clause with a subject; a relative "that" is followed by its verb. */
export const subjectLike = (t: Token | undefined) =>
  t !== undefined && ['NOUN', 'PROPN', 'PRON', 'DET', 'NUM', 'ADJ'].includes(t.pos);

export const claimAt = (t: Token | undefined) =>
  t !== undefined && (PAYLOAD.has(t.lower) || t.pos === 'PROPN' || t.pos === 'NUM');
