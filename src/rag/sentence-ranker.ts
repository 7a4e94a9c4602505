import { analyze } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { IndexedDocument } from '../index/index.js';
import type { Source } from '../types.js';
import { findCandidates } from './candidates.js';
import type { Candidate } from './candidates.js';
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
  similarity: number;
  candidate?: Candidate;
  score: number;
}

export interface RankerDeps {
  matcher: TermMatcher;
  similarity?: (a: string, b: string) => number;
}

/** The retrieved chunks' sentences, each once, with the first source that holds it. */
export function collectSentences(sources: Source[], doc: (id: string) => IndexedDocument | undefined) {
  const seen = new Set<string>();
  const out: { doc: IndexedDocument; source: Source; index: number }[] = [];
  for (const source of sources) {
    const d = doc(source.docId);
    if (!d) continue;
    d.sentences.forEach((s, index) => {
      const key = `${d.id}:${index}`;
      if (s.start >= source.start && s.end <= source.end && !seen.has(key)) {
        seen.add(key);
        out.push({ doc: d, source, index });
      }
    });
  }
  return out;
}

/** Scores each sentence on term coverage, focus entities, an answer of the right type, and meaning. */
export function rankSentences(q: QuestionAnalysis, sources: Source[], doc: (id: string) => IndexedDocument | undefined, deps: RankerDeps): RankedSentence[] {
  const weights = q.terms.map((t) => deps.matcher.weight(t));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const ranked: RankedSentence[] = [];
  for (const { doc: d, source, index } of collectSentences(sources, doc)) {
    const { start, end } = d.sentences[index];
    const text = d.text.slice(start, end);
    const view = analyze(text);
    const matches = q.terms.map((t) => deps.matcher.match(t, view.tokens));
    const coverage = matches.reduce((s, m, i) => s + m.score * weights[i], 0) / total;
    const focusHits = q.focus.filter((run) => run.every((w) => /^\W+$/.test(w) || deps.matcher.match({ lower: w, stem: w }, view.tokens).score >= 0.85));
    const focus = q.focus.length ? focusHits.length / q.focus.length : 1;
    // Distance is measured to the question's own words (verbs, nouns) before its names: "What did Jawlani vow?"
    // wants the quote next to "vowed", not the one next to "Jawlani".
    const focusWords = new Set(q.focus.flat());
    const strong = matches.filter((m, i) => m.score >= 0.5 && !focusWords.has(q.terms[i].lower));
    const anchors = (strong.length ? strong : matches.filter((m) => m.score >= 0.5)).map((m) => m.token);
    const focusTokens = mentions(q, view.tokens, deps.matcher);
    const candidate = pickCandidate(findCandidates(view, q).filter((c) => near(c, focusTokens)), anchors);
    const linked = linkage(q, matches, weights, focusWords, focusTokens);
    const similarity = deps.similarity ? deps.similarity(q.text, text) : 0;
    const score = coverage + 0.25 * focus + (candidate ? 0.3 + 0.1 * candidate.bonus : 0) + 0.15 * similarity + 0.05 / source.n;
    ranked.push({ doc: d, source, index, start, end, text, coverage, focus, linked, similarity, candidate, score });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

const PRONOUN = /^(he|him|his|she|her|hers|it|its|they|them|their|theirs)$/;

/**
 * Every position where the question's names occur, plus pronouns after the first of them
 * ("President Assad … his key allies"): light coreference, enough to link a clause back to its subject.
 */
function mentions(q: QuestionAnalysis, tokens: Token[], matcher: TermMatcher): number[] {
  const out: number[] = [];
  for (const run of q.focus) {
    const word = run.filter((w) => /\p{L}/u.test(w)).at(-1);
    if (!word) continue;
    tokens.forEach((t, i) => {
      if (matcher.match({ lower: word, stem: word }, tokens, i, i + 1).score >= 0.85) out.push(i);
    });
  }
  if (out.length) {
    const first = Math.min(...out);
    tokens.forEach((t, i) => i > first && PRONOUN.test(t.lower) && out.push(i));
  }
  return out;
}

/** A typed answer must sit near at least one of the question's names: "the president of Iran" is not a president named 30 words before "Iran". */
const FOCUS_WINDOW = 15;
const near = (c: Candidate, focusTokens: number[]) => focusTokens.length === 0 || focusTokens.some((t) => Math.abs(t - c.token) <= FOCUS_WINDOW);

/**
 * "How many people live in Homs?" must not be answered by a sentence that names Homs in one clause and
 * people in another: the question's other words have to occur near its names.
 */
function linkage(q: QuestionAnalysis, matches: TermMatch[], weights: number[], focusWords: Set<string>, focusTokens: number[]): number {
  if (focusTokens.length === 0) return 1;
  let want = 0;
  let got = 0;
  q.terms.forEach((t, i) => {
    if (focusWords.has(t.lower)) return;
    want += weights[i];
    const m = matches[i];
    if (m.token >= 0 && focusTokens.some((f) => Math.abs(f - m.token) <= FOCUS_WINDOW)) got += weights[i] * m.score;
  });
  return want ? got / want : 1;
}

/** The candidate closest to the words the question and sentence share. */
function pickCandidate(candidates: Candidate[], anchors: number[]): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const dist = anchors.length ? Math.min(10, ...anchors.map((a) => Math.abs(a - c.token))) : 6;
    const s = c.bonus - 0.05 * dist;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
