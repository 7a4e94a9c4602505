import type { QuestionAnalysis } from './question.js';

/** Modifiers that pick one of several similar facts: a sentence about another one does not answer the question. */

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ORDINAL = new RegExp(`\\b(?:${ORDINALS.join('|')})\\b`, 'gi');
const ordinalsIn = (text: string) => new Set([...text.matchAll(ORDINAL)].map((m) => m[0].toLowerCase()));
/**
 * "What does a second resident permit cost?" is not answered by "The first resident permit costs £60": a sentence
 * that names another ordinal and not the question's speaks of another one.
 */
export function ordinalConflict(question: string, sentence: string): boolean {
  const asked = ordinalsIn(question);
  if (asked.size === 0) return false;
  const said = ordinalsIn(sentence);
  return said.size > 0 && ![...asked].some((o) => said.has(o));
}

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
