import { analyze } from '../nlp/index.js';
import type { QuestionAnalysis } from './question.js';
import { NEGATION } from './roles.js';
import type { RankedSentence } from './sentence-ranker.js';
import type { TermMatcher } from './term-matcher.js';

export type Verdict = 'yes' | 'no';

/** "Is …?", "Does …?", "Can I …?", "Has … yet?": an auxiliary first asks for a yes or a no. */
const AUXILIARIES = 'is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|must';
const YES_NO = new RegExp(`^\\s*(?:${AUXILIARIES}|(?:is|are|was|does|do|did|has|have|ca|wo)n't)\\b`, 'i');
/** "Isn't it …?", "Does it not …?": the question itself is negative, so a negative sentence says yes. */
const NEGATIVE_QUESTION = /^\s*\w+n['’]t\b|^\s*\w+\s+\S+\s+not\b/i;

export const isYesNoQuestion = (question: string): boolean => YES_NO.test(question) && !/\bor\b/i.test(question);

/**
 * How far before a question word a negation still negates it: "is not HIPAA certified" (2), "cannot read your
 * backups" (1), "has denied reports that it is involved" (5). Further off, it belongs to another statement.
 */
const NEGATION_REACH = 5;
/** Words that end a clause: a negation before them negates something else ("not X, but Y is"). */
const CLAUSE_BREAK = /^(?:,|;|:|but|although|though|while|whereas|however)$/;
/**
 * Every content word of the question must be found in the sentence this well (the same word or a close synonym)
 * for the sentence to settle the question; a looser match leaves the question "not stated" rather than guessed.
 */
const SETTLED = 0.75;

/** "Is HTS still affiliated with al-Qaeda?" against "was its affiliate until it broke ties": it has stopped. */
const STILL = /\b(?:still|currently|now|today|any ?more)\b/i;
const STOPPED = /\b(?:until|formerly|no longer|used to|ceased|stopped|ended|broke)\b/i;

const isNegation = (lower: string) => NEGATION.test(lower) || /n['’]t$/.test(lower);

/**
 * Yes when the sentence states what the question asks, no when it negates it (a negation within reach before one
 * of the question's words, in the same clause); undefined when the sentence does not say all the question's words.
 */
export function verdict(q: QuestionAnalysis, s: RankedSentence, matcher: TermMatcher): Verdict | undefined {
  const { tokens } = analyze(s.text);
  const positions: number[] = [];
  // Names were checked when the sentence was chosen (focus, which also finds "the city" for Hama).
  for (const t of q.terms.filter((term) => !term.name)) {
    const m = matcher.match(t, tokens);
    if (m.score < SETTLED && !t.describes) return undefined;
    if (m.score >= SETTLED) positions.push(m.token);
  }
  if (positions.length === 0) return undefined;
  const negated = positions.some((p) => {
    for (let k = p - 1; k >= 0 && k >= p - NEGATION_REACH; k--) {
      if (CLAUSE_BREAK.test(tokens[k].lower)) return false;
      if (isNegation(tokens[k].lower)) return true;
    }
    return false;
  });
  const stopped = STILL.test(q.text) && STOPPED.test(s.text);
  const asksNegative = NEGATIVE_QUESTION.test(q.text);
  if (stopped) return asksNegative ? 'yes' : 'no';
  return negated === asksNegative ? 'yes' : 'no';
}
