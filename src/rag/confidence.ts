import { CONFIDENCE_WEIGHTS } from './confidence-weights.js';
import type { AnswerType, QuestionAnalysis } from './question.js';
import type { RankedSentence } from './sentence-ranker.js';

const TYPES: AnswerType[] = ['place', 'entity', 'number', 'date', 'reason', 'quote', 'other'];

/** Names of the features, in order; the weights file is checked against them. */
export const CONFIDENCE_FEATURES = [
  'bias',
  'coverage',
  'linked',
  'weakest',
  'similarity',
  'candidateBonus',
  'focus',
  'sourceRank',
  'margin',
  'terms',
  'candidateWords',
  'skipped',
  'candidate',
  'yesNo',
  'checked',
  'viaHeading',
  ...TYPES.map((t) => `type:${t}`),
] as const;

/** What the answerer knows about its chosen sentence, as numbers for the confidence model. */
export function confidenceFeatures(
  q: QuestionAnalysis,
  ranked: RankedSentence[],
  at: number,
  { yesNo = false, checked = true } = {},
): number[] {
  const s = ranked[at];
  const other = ranked.find((r) => r !== s)?.score ?? 0;
  const words = s.candidate ? s.text.slice(s.candidate.start, s.candidate.end).split(/\s+/).filter(Boolean).length : 0;
  return [
    1,
    s.coverage,
    s.linked,
    Math.max(-0.5, s.weakest),
    s.similarity,
    Math.max(-1, s.candidate?.bonus ?? 0),
    s.focus,
    1 / s.source.n,
    s.score - other,
    Math.min(q.terms.length, 8) / 8,
    Math.min(words, 6) / 6,
    at > 0 ? 1 : 0,
    s.candidate ? 1 : 0,
    yesNo ? 1 : 0,
    checked ? 1 : 0,
    s.viaHeading ? 1 : 0,
    ...TYPES.map((t) => (q.type === t ? 1 : 0)),
  ];
}

/**
 * Whether an answer (a short answer, a yes or no, or a quoted sentence) is likely enough to be right to be worth
 * giving rather than "not stated". A logistic model over the answerer's own features, fitted on the tuning sets
 * (`evals/fit-confidence.ts`): each answer that would be right counts for it, each that would answer an
 * unanswerable question or give a wrong short answer against; SQuAD answers count for the F1 of what is shown.
 */
export function confident(features: number[], weights: readonly number[] = CONFIDENCE_WEIGHTS): boolean {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += features[i] * (weights[i] ?? 0);
  return z > 0;
}
