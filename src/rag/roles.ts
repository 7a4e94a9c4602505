import type { Token } from '../nlp/index.js';
import type { Candidate, SentenceView } from './candidate.js';
import { acronymAt } from './focus.js';
import type { QuestionAnalysis } from './question.js';
import type { TermMatch } from './term-matcher.js';

/**
 * Checks that a candidate plays the part the question asks about, not merely that it sits in the right
 * sentence: the subject of the asked verb, a place after a locative preposition, a reason attached to the
 * asked event, words said by the asked speaker.
 */

const RELATIVE = /^(which|that|who|whom|whose|where|when)$/;
const REPORTING = /^(say|says|said|saying|according)$/;
const LOCATIVE = /^(in|at|near|from|to|into|across|inside|outside|throughout|towards?|around|within|via|on|between)$/;
const WEAK_REASON = /^(to|after|amid|since|as)\b/i;
// A verb must be the same word or a near-synonym (begin/start, seize/capture), not just a related one (kill/capture).
const VERB_MATCH = 0.5;

/** Every content verb of a typed question must be said by the sentence ("killed" is not "home to"). */
export function verbsSupported(q: QuestionAnalysis, matches: TermMatch[]): boolean {
  return q.verbs.every((v) => (matches[q.terms.indexOf(v)]?.score ?? 0) >= VERB_MATCH);
}

/**
 * "Who did King Charles swear fealty to?" is not answered by "Rollo swore fealty to King Charles": when the
 * question names its verb's subject, the sentence must name it before that verb, not after it.
 */
export function rolesInverted(q: QuestionAnalysis, view: SentenceView, matches: TermMatch[]): boolean {
  if (!q.subject) return false;
  const v = verbPosition(q, matches, view.tokens);
  if (v < 0) return false;
  const words = q.subject.filter((w) => /\p{L}/u.test(w));
  const at = view.tokens.flatMap((t, i) => (words.includes(t.lower) ? [i] : []));
  return at.length > 0 && at.every((i) => i > v);
}

/** "Which city did the rebels capture this week?" is not answered by a sentence about last week. */
export function timeConflict(q: QuestionAnalysis, view: SentenceView): boolean {
  if (q.dates.length === 0) return false;
  const here = view.entities.filter((e) => e.type === 'DATE').map((e) => e.text.toLowerCase());
  return here.length > 0 && !q.dates.some((d) => here.some((h) => h.includes(d) || d.includes(h)));
}

export const NEGATION = new RegExp(
  "^(not|never|no|n't|nor|neither|without|none|nobody|nothing|cannot|unable|" +
    'fail|failed|fails|refused|refuse|refuses|denied|deny|denies|lack|lacked|lacks)$',
);
const QUESTION_NEGATION = /\b(never|not|no longer|n't|nobody|none)\b/i;

/**
 * "Which company never expanded its platform?" is not answered by a sentence saying a company expanded it: a
 * negated question needs a negated sentence.
 */
export function negationConflict(q: QuestionAnalysis, view: SentenceView): boolean {
  return (
    QUESTION_NEGATION.test(q.text.replace(/n['’]t\b/g, " n't")) &&
    !view.tokens.some((t) => NEGATION.test(t.lower) || /n['’]t$/.test(t.lower))
  );
}

/** Tokens strictly between a and b cross no clause boundary (a relative pronoun or a reporting verb). */
function sameClause(tokens: Token[], a: number, b: number): boolean {
  for (let i = a + 1; i < b; i++) {
    const t = tokens[i];
    // "Syrian rebels say they have taken …": the reporter is the subject the pronoun stands for.
    if (REPORTING.test(t.lower) && reportsOwnAct(tokens, i, b)) return true;
    if (REPORTING.test(t.lower) || t.text === ';') return false;
    if (RELATIVE.test(t.lower)) {
      // "Turkey, which supports …": a relative pronoun right before the verb is its subject, standing for the name.
      if (tokens.slice(i + 1, b).every((x) => x.pos === 'AUX' || x.pos === 'ADV' || x.pos === 'PART')) return true;
      // ", which …," is a parenthesis: skip to its closing comma if it closes before b.
      const close = tokens.findIndex((x, k) => k > i && k < b && x.text === ',');
      if (tokens[i - 1]?.text !== ',' || close < 0) return false;
      i = close;
    }
  }
  return true;
}

const SUBJECT_PRONOUN = /^(he|she|they|it|we)$/;
function reportsOwnAct(tokens: Token[], say: number, verb: number): boolean {
  let k = say + 1;
  if (tokens[k]?.lower === 'that') k++;
  if (!SUBJECT_PRONOUN.test(tokens[k]?.lower ?? '')) return false;
  return tokens.slice(k + 1, verb).every((x) => x.pos === 'AUX' || x.pos === 'ADV' || x.pos === 'PART');
}

/** The position where the question's verb is said as a verb (a noun form, "leader", sets no subject). */
function verbPosition(q: QuestionAnalysis, matches: TermMatch[], tokens: Token[]): number {
  for (const v of q.verbs) {
    const m = matches[q.terms.indexOf(v)];
    if (m && m.score >= VERB_MATCH && tokens[m.token]?.pos === 'VERB') return m.token;
  }
  return -1;
}

export function roleFits(c: Candidate, q: QuestionAnalysis, view: SentenceView, matches: TermMatch[]): boolean {
  const { tokens } = view;
  const first = c.token;
  const last = Math.max(
    first,
    tokens.findIndex((t) => t.end >= c.end),
  );
  if ((q.type === 'entity' || q.type === 'place') && q.asksForSubject) {
    const v = verbPosition(q, matches, tokens);
    if (v >= 0) {
      const before = last < v && sameClause(tokens, last, v);
      // The agent after the verb: "controlled by X", "regained control … with the help of X".
      const agent =
        first > v &&
        tokens.slice(v + 1, first).some((t) => t.lower === 'by' || t.lower === 'with') &&
        sameClause(tokens, v, first);
      if (!before && !agent) return false;
    }
  }
  if (q.type === 'place' && /^\s*where\b/i.test(q.text)) {
    const prep = tokens.slice(Math.max(0, first - 2), first).some((t) => LOCATIVE.test(t.lower));
    const based =
      tokens[last + 1]?.text === '-' && /^(based|born|run|headquartered)$/.test(tokens[last + 2]?.lower ?? '');
    if (!prep && !based) return false;
  }
  if (c.kind === 'reason' && WEAK_REASON.test(view.text.slice(c.start, c.end))) {
    const v = verbPosition(q, matches, tokens);
    if (v < 0 || first < v || first - v > 6 || tokens.slice(v, first).some((t) => t.text === ',')) return false;
  }
  if (c.kind.startsWith('quote') && q.speaker) {
    // The words must follow a mention of the speaker ("What did Assad say?" is not answered by what Turkey urged).
    const words = q.speaker.filter((w) => /\p{L}/u.test(w));
    const spoken =
      tokens.some((t, i) => i < first && words.includes(t.lower)) ||
      words.some((w) => acronymAt(w, tokens).some((i) => i < first));
    if (!spoken) return false;
  }
  return true;
}
