import type { QuestionAnalysis } from './question.js';

/** Modifiers that pick one of several similar facts: a sentence about another one does not answer the question. */

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ORDINAL = new RegExp(`\\b(?:${ORDINALS.join('|')})\\b`, 'gi');
const ordinalsIn = (text: string) => new Set([...text.matchAll(ORDINAL)].map((m) => m[0].toLowerCase()));
/**
 * "What does a second resident permit cost?" is not answered by "The first resident permit costs £60": a sentence
 * that names another ordinal and not the question's speaks of another one. Likewise "Who chairs it now?" is not
 * answered by "Its first chair was Agnes Threlkeld, who served until 1988": a question about the present is not
 * answered by a sentence about the first, former or original one.
 */
export function ordinalConflict(question: string, sentence: string): boolean {
  const asked = ordinalsIn(question);
  if (asked.size === 0) return NOW.test(question) && PAST_HOLDER.test(sentence);
  const said = ordinalsIn(sentence);
  return said.size > 0 && ![...asked].some((o) => said.has(o));
}

/** A question about the present ("Who chairs it now?", "the current fee"). */
const NOW = /\b(?:now|nowadays|currently|current|presently|at present|these days|today)\b/i;
/** A sentence about an earlier holder or version: "Its first chair was …", "the former director", "originally". */
const PAST_HOLDER = /\b(?:first|former|formerly|original|originally|founding|previous|previously)\b/i;

/** "How many people live in Idlib province alone?": a figure for X only. */
const ALONE = /\b(?:alone|by itself|on its own|by themselves)\b/i;
const PAIRED_NAMES = /(\p{Lu}[\p{L}-]+),? and (\p{Lu}[\p{L}-]+)/gu;
/**
 * A question about X alone is not answered by a sentence that names X together with another ("Aleppo and Idlib
 * provinces, where more than four million people were living"): that figure is for both.
 */
export function togetherConflict(q: QuestionAnalysis, sentence: string): boolean {
  if (!ALONE.test(q.text)) return false;
  const names = new Set(q.focus.flat());
  for (const m of sentence.matchAll(PAIRED_NAMES))
    if (names.has(m[1].toLowerCase()) || names.has(m[2].toLowerCase())) return true;
  return false;
}
