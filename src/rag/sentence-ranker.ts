import { analyze } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { IndexedDocument } from '../index/index.js';
import type { Source } from '../types.js';
import { findCandidates } from './candidates.js';
import type { Candidate } from './candidates.js';
import { locateFocus } from './focus.js';
import { InstructionTaint } from './instruction-taint.js';
import { negationConflict, roleFits, rolesInverted, timeConflict, verbsSupported } from './roles.js';
import { NEEDS_CANDIDATE } from './question.js';
import type { QuestionAnalysis } from './question.js';
import type { TermMatch, TermMatcher } from './term-matcher.js';

export interface RankedSentence {
  doc: IndexedDocument;
  source: Source;
  /** Index of the sentence in its document. */
  index: number;
  start: number;
  end: number;
  text: string;
  coverage: number;
  focus: number;
  /** Share of the question's non-name words matched near its names (1 when there are none). */
  linked: number;
  /** The worst-matched of the question's words (1 = every word found as such). */
  weakest: number;
  /** The sentence says the question's verbs and is about the question's time, if it names one. */
  admissible: boolean;
  similarity: number;
  candidate?: Candidate;
  score: number;
}

export interface RankerDeps {
  matcher: TermMatcher;
  similarity?: (a: string, b: string) => number;
}

/** A typed answer must sit near one of the question's names: "the president of Iran" is not a president named 30 words before "Iran". */
const FOCUS_WINDOW = 15;

/** The retrieved chunks' sentences, each once, with the first source that holds it; no instruction or its paragraph. */
function collectSentences(sources: Source[], doc: (id: string) => IndexedDocument | undefined) {
  const seen = new Set<string>();
  const taint = new InstructionTaint();
  const out: { doc: IndexedDocument; source: Source; index: number }[] = [];
  for (const source of sources) {
    const d = doc(source.docId);
    if (!d) continue;
    d.sentences.forEach((s, index) => {
      const key = `${d.id}:${index}`;
      if (s.start >= source.start && s.end <= source.end && !seen.has(key)) {
        seen.add(key);
        if (!taint.tainted(d, index)) out.push({ doc: d, source, index });
      }
    });
  }
  return out;
}

/** Scores each sentence on term coverage, focus entities, an answer of the right type, proximity and meaning. */
export function rankSentences(
  q: QuestionAnalysis,
  sources: Source[],
  doc: (id: string) => IndexedDocument | undefined,
  deps: RankerDeps,
): RankedSentence[] {
  // Words that name the answer's kind ("distance", "population", "city") are satisfied by a typed candidate, not by the text.
  const counted = q.terms.map((t) => !t.answerNoun);
  const weights = q.terms.map((t, i) => (counted[i] ? deps.matcher.weight(t) : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const focusWords = new Set(q.focus.flat());
  const ranked: RankedSentence[] = [];
  for (const { doc: d, source, index } of collectSentences(sources, doc)) {
    const { start, end } = d.sentences[index];
    const text = d.text.slice(start, end);
    const view = analyze(text);
    const prev =
      index > 0
        ? () => analyze(d.text.slice(d.sentences[index - 1].start, d.sentences[index - 1].end)).tokens
        : undefined;
    const focus = locateFocus(q, view.tokens, deps.matcher, prev);
    // A name present as an acronym's expansion or a reference back ("the city") counts as matched there.
    const matches = q.terms.map((t) => {
      const at = focus.indirect.get(t.lower);
      return at !== undefined ? { score: 1, token: at } : deps.matcher.match(t, view.tokens);
    });
    const coverage = matches.reduce((s, m, i) => s + m.score * weights[i], 0) / total;
    // Distance is measured to the question's own words before its names: "What did Jawlani vow?" wants the
    // quote next to "vowed", not the one next to "Jawlani".
    const strong = matches.filter((m, i) => m.score >= 0.5 && counted[i] && !focusWords.has(q.terms[i].lower));
    const anchors = (strong.length ? strong : matches.filter((m) => m.score >= 0.5)).map((m) => m.token);
    const candidates = findCandidates(view, q, (a, b) => deps.matcher.related(a, b)).filter(
      (c) =>
        near(c, focus.positions) &&
        !claimedByAnother(c, view.tokens, q, focus.positions, deps.matcher) &&
        roleFits(c, q, view, matches),
    );
    // A fragment with no verb ("Hama Aleppo distance population leader HTS.") states nothing: it answers nothing.
    const states = view.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX');
    // (Only typed answers need it: the tagger sometimes reads a verb as a noun, "lists", and a whole sentence
    // given as the answer to an untyped question is shown to the reader as it is.)
    const admissible =
      (!NEEDS_CANDIDATE.has(q.type) || (states && verbsSupported(q, matches) && !rolesInverted(q, view, matches))) &&
      !timeConflict(q, view) &&
      !negationConflict(q, view);
    const candidate = pickCandidate(candidates, anchors);
    const linked = linkage(q, matches, weights, focusWords, focus.positions);
    const similarity = deps.similarity ? deps.similarity(q.text, text) : 0;
    const score =
      coverage +
      0.25 * focus.found +
      (candidate ? 0.3 + 0.1 * candidate.bonus : 0) +
      0.2 * proximity(matches) +
      0.15 * similarity +
      0.05 / source.n;
    const weakest = minOf(
      matches.filter((_, i) => counted[i] && !q.terms[i].describes).map((m) => m.score),
      1,
    );
    ranked.push({
      doc: d,
      source,
      index,
      start,
      end,
      text,
      coverage,
      weakest,
      focus: focus.found,
      linked,
      admissible,
      similarity,
      candidate,
      score,
    });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

// Quotes and reasons are clauses, often far from the subject's name; names, numbers and dates are not.
const near = (c: Candidate, focus: number[]) =>
  focus.length === 0 ||
  c.kind === 'quote' ||
  c.kind === 'reason' ||
  focus.some((t) => Math.abs(t - c.token) <= FOCUS_WINDOW);

/**
 * A number or date belongs to the nearest name of the same kind: in "Hama is home to one million people and
 * is 110km south of Aleppo", one million is Hama's, so it does not answer "How many people live in Aleppo?".
 */
function claimedByAnother(
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
function minOf(xs: number[], atMost: number): number {
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
function proximity(matches: TermMatch[]): number {
  const at = matches.filter((m) => m.score >= 0.5).map((m) => m.token);
  if (at.length < 2) return at.length ? 0.5 : 0;
  return Math.min(1, at.length / (maxOf(at, -Infinity) - minOf(at, Infinity) + 1));
}

/**
 * "How many people live in Homs?" must not be answered by a sentence that names Homs in one clause and
 * people in another: the question's other words have to occur near its names.
 */
function linkage(
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
function pickCandidate(candidates: Candidate[], anchors: number[]): Candidate | undefined {
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
