import type { Token } from '../nlp/index.js';
import type { Candidate } from './candidates.js';
import type { QuestionAnalysis } from './question.js';
import type { TermMatch, TermMatcher } from './term-matcher.js';

/**
 * What the sentence ranker (sentence-ranker.ts) measures of a sentence besides its coverage: where its candidate
 * and the question's words sit.
 */

/**
 * A typed answer must sit near one of the question's names: "the president of Iran" is not a president named 30
 * words before "Iran".
 */
const FOCUS_WINDOW = 15;

// Quotes and reasons are clauses, often far from the subject's name; names, numbers and dates are not.
export const near = (c: Candidate, focus: number[]) =>
  focus.length === 0 ||
  c.kind === 'quote' ||
  c.kind === 'reason' ||
  focus.some((t) => Math.abs(t - c.token) <= FOCUS_WINDOW);

/**
 * A number or date belongs to the nearest name of the same kind: in "Hama is home to one million people and
 * is 110km south of Aleppo", one million is Hama's, so it does not answer "How many people live in Aleppo?".
 */
export function claimedByAnother(
  c: Candidate,
  tokens: Token[],
  q: QuestionAnalysis,
  focus: number[],
  matcher: TermMatcher,
): boolean {
  if (focus.length === 0 || !(q.type === 'number' || q.type === 'date')) return false;
  const mine = minOf(
    focus.map((f) => Math.abs(f - c.token)),
    Infinity,
  );
  const focusWords = q.focus.flat().filter((w) => /\p{L}/u.test(w));
  const named = new Set(focus);
  return tokens.some(
    (t, i) =>
      t.pos === 'PROPN' &&
      Math.abs(i - c.token) < mine &&
      !named.has(i) &&
      !focusWords.includes(t.lower) &&
      focusWords.some((w) => matcher.related(w, t.lower) >= 0.5),
  );
}

// Loops, not Math.min(...xs): a spread of an input-sized array can overflow the stack.
export function minOf(xs: number[], atMost: number): number {
  let m = atMost;
  for (const x of xs) if (x < m) m = x;
  return m;
}

function maxOf(xs: number[], atLeast: number): number {
  let m = atLeast;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** Matched question words close together (a phrase) beat the same words scattered over a long sentence. */
export function proximity(matches: TermMatch[]): number {
  const at = matches.filter((m) => m.score >= 0.5).map((m) => m.token);
  if (at.length < 2) return at.length ? 0.5 : 0;
  return Math.min(1, at.length / (maxOf(at, -Infinity) - minOf(at, Infinity) + 1));
}

/**
 * "How many people live in Homs?" must not be answered by a sentence that names Homs in one clause and
 * people in another: the question's other words have to occur near its names.
 */
export function linkage(
  q: QuestionAnalysis,
  matches: TermMatch[],
  weights: number[],
  focusWords: Set<string>,
  focus: number[],
): number {
  if (focus.length === 0) return 1;
  let want = 0;
  let got = 0;
  q.terms.forEach((t, i) => {
    if (focusWords.has(t.lower) || weights[i] === 0 || t.describes) return;
    want += weights[i];
    const m = matches[i];
    if (m.token >= 0 && focus.some((f) => Math.abs(f - m.token) <= FOCUS_WINDOW)) got += weights[i] * m.score;
  });
  return want ? got / want : 1;
}

/** The candidate closest to the words the question and sentence share. */
export function pickCandidate(candidates: Candidate[], anchors: number[]): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const dist = anchors.length
      ? minOf(
          anchors.map((a) => Math.abs(a - c.token)),
          10,
        )
      : 6;
    const s = c.bonus - 0.05 * dist;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
