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
import { ordinalConflict, togetherConflict } from './modifiers.js';
import { inColumns, matchInTable, tableContext } from './table-context.js';
import { sectionHeading } from './section-context.js';
import { claimedByAnother, linkage, minOf, near, pickCandidate, proximity } from './sentence-features.js';

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
  /** Some of the question's words or names were found only in the heading the sentence sits under. */
  viaHeading: boolean;
  /** Some of the question's words other than its names were found only in that heading. */
  wordsViaHeading: boolean;
}

export interface RankerDeps {
  matcher: TermMatcher;
  similarity?: (a: string, b: string) => number;
}

/** The retrieved chunks' sentences, each once, with the first source that holds it; no instruction or its paragraph. */
export function collectSentences(sources: Source[], doc: (id: string) => IndexedDocument | undefined) {
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
  // Words that name the answer's kind ("distance", "population", "city") are satisfied by a typed candidate, not
  // by the text.
  const counted = q.terms.map((t) => !t.answerNoun);
  const weights = q.terms.map((t, i) => (counted[i] ? deps.matcher.weight(t) : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const focusWords = new Set(q.focus.flat());
  const ranked: RankedSentence[] = [];
  // The question's words in each heading, matched once for all the sentences of its section.
  const byHeading = new Map<Token[], TermMatch[]>();
  const headingMatches = (heading: Token[]) => {
    let m = byHeading.get(heading);
    if (!m) byHeading.set(heading, (m = q.terms.map((t) => deps.matcher.match(t, heading))));
    return m;
  };
  for (const { doc: d, source, index } of collectSentences(sources, doc)) {
    const { start, end } = d.sentences[index];
    const text = d.text.slice(start, end);
    const view = analyze(text);
    const prev =
      index > 0
        ? () => analyze(d.text.slice(d.sentences[index - 1].start, d.sentences[index - 1].end)).tokens
        : undefined;
    // A table row is read under its header and caption (src/rag/table-context.ts), prose under its heading.
    const table = tableContext(d, index);
    const heading = table ? undefined : sectionHeading(d, index);
    // A row names what its table is about no more than a sentence names its section: the paragraph introducing the
    // table says it.
    const about = table ? table.intro : heading;
    const focus = locateFocus(q, view.tokens, deps.matcher, prev, about);
    // A name present as an acronym's expansion or a reference back ("the city") counts as matched there.
    const own = q.terms.map((t) => {
      const at = focus.indirect.get(t.lower);
      return at !== undefined ? { score: 1, token: at } : deps.matcher.match(t, view.tokens);
    });
    const inTable = table ? matchInTable(q.terms, own, view.tokens, table, deps.matcher) : undefined;
    const headed = heading ? underHeading(own, headingMatches(heading)) : undefined;
    const matches = inTable?.matches ?? headed ?? own;
    const wordsFromHeading = headed !== undefined && headed.some((m, i) => m !== own[i]);
    const coverage = matches.reduce((s, m, i) => s + m.score * weights[i], 0) / total;
    // Distance is measured to the question's own words before its names: "What did Jawlani vow?" wants the
    // quote next to "vowed", not the one next to "Jawlani".
    const strong = matches.filter((m, i) => m.score >= 0.5 && counted[i] && !focusWords.has(q.terms[i].lower));
    const anchors = (strong.length ? strong : matches.filter((m) => m.score >= 0.5)).map((m) => m.token);
    const candidates = findCandidates(
      view,
      q,
      (a, b) => deps.matcher.related(a, b),
      (w) => deps.matcher.classes(w),
    ).filter(
      (c) =>
        near(c, focus.positions) &&
        !claimedByAnother(c, view.tokens, q, focus.positions, deps.matcher) &&
        roleFits(c, q, view, matches) &&
        (!table || inColumns(table, inTable!.columns, c.start)),
    );
    // A fragment with no verb ("Hama Aleppo distance population leader HTS.") states nothing: it answers nothing.
    // A table row states its values (of its label, under its headers), with no verb to check.
    const states = table !== undefined || view.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX');
    // (Only typed answers need it: the tagger sometimes reads a verb as a noun, "lists", and a whole sentence
    // given as the answer to an untyped question is shown to the reader as it is.)
    const admissible =
      (!NEEDS_CANDIDATE.has(q.type) ||
        (states && (table !== undefined || verbsSupported(q, matches)) && !rolesInverted(q, view, matches))) &&
      !table?.isHeader &&
      !timeConflict(q, view) &&
      !negationConflict(q, view) &&
      !ordinalConflict(q.text, text) &&
      !togetherConflict(q, text);
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
      viaHeading: wordsFromHeading || focus.viaHeading,
      wordsViaHeading: wordsFromHeading,
    });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

/** A question word the sentence lacks counts where its heading says it (placed at the sentence's start). */
function underHeading(own: TermMatch[], inHeading: TermMatch[]): TermMatch[] {
  return own.map((m, i) => (inHeading[i].score > m.score ? { score: inHeading[i].score, token: 0 } : m));
}
