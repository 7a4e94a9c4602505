import { citationMarker } from '../citation-markers.js';
import type { IndexedDocument } from '../index/index.js';
import type { Citation, Source } from '../types.js';
import { confidenceFeatures, confident } from './confidence.js';
import { CONFIDENCE_WEIGHTS, QUOTE_WEIGHTS } from './confidence-weights.js';
import { formatDate } from './dates.js';
import { candidateSpan, capitalise, shortAnswer } from './short-answer.js';
import { analyzeQuestion, NEEDS_CANDIDATE } from './question.js';
import type { QuestionAnalysis } from './question.js';
import { asksExpansion } from './acronym.js';
import { DEFAULT_MIN_COVERAGE, expansion, notStated, toCitation } from './quotes.js';
import { withLists } from './lists.js';
import { rankSentences } from './sentence-ranker.js';
import { isYesNoQuestion, verdict } from './yes-no.js';
import type { RankedSentence, RankerDeps } from './sentence-ranker.js';

export interface ExtractiveResult {
  answer: string;
  shortAnswer?: string;
  refused: boolean;
  citations: Citation[];
  /** With a refusal: the closest passages, about the question but not answering it. */
  related?: Citation[];
}

/** The sentence the answerer chose for a short answer, as its confidence model sees it. */
export interface ExtractiveSelection {
  /**
   * `answer`: the sentence chosen to answer, with its short answer or verdict if it has one. `quote`: when that was
   * refused or none passed the checks, the closest sentence offered as a quote alone.
   */
  kind: 'answer' | 'quote';
  question: QuestionAnalysis;
  /** The short answer the sentence gives (before a relative date is resolved). */
  span: string;
  /** confidenceFeatures of the chosen sentence, in CONFIDENCE_FEATURES order. */
  features: number[];
}

export interface ExtractiveOptions {
  /** Share of the question's (weighted) content words a sentence must support to be an answer. */
  minCoverage?: number;
  /** Share of the question's other words that must occur near its names. */
  minLinked?: number;
  /** For typed answers: how well the worst-matched question word must be found (0 = no such check). */
  minTermMatch?: number;
  /**
   * The weights of the two learned gates (src/rag/confidence.ts), or `false` to let every such answer through (only
   * while evals/fit-confidence.ts collects them): `answer` judges the chosen sentence with its short answer or verdict,
   * `quote` the closest sentence offered alone when that was refused.
   */
  gates?: { answer?: readonly number[] | false; quote?: readonly number[] | false };
  /**
   * Told of every answer chosen, before its learned gate judges it: what evals/fit-confidence.ts learns from, on the
   * same answer path the API uses.
   */
  onSelect?: (selection: ExtractiveSelection) => void;
}

/**
 * An answer's sentence must score at least this share of the top-ranked one: one about last week does not hide this
 * week's, but a sentence far down the list is no answer (tuned on the seed set with the first answerer).
 */
const NEAR_TOP = 0.9;

const LINKED = new Set(['number', 'date', 'entity', 'place', 'other']);

/** Answers with the sources' own sentences, cited by offsets; refuses when they do not support an answer. */
export class ExtractiveAnswerer {
  private readonly minCoverage: number;
  private readonly minLinked: number;
  private readonly minTermMatch: number;
  private readonly gates: { answer: readonly number[] | false; quote: readonly number[] | false };
  private readonly onSelect?: (selection: ExtractiveSelection) => void;

  constructor(
    private readonly deps: RankerDeps,
    opts: ExtractiveOptions = {},
  ) {
    this.minCoverage = opts.minCoverage ?? DEFAULT_MIN_COVERAGE;
    this.minLinked = opts.minLinked ?? 0.5;
    this.minTermMatch = opts.minTermMatch ?? 0.4;
    this.gates = { answer: opts.gates?.answer ?? CONFIDENCE_WEIGHTS, quote: opts.gates?.quote ?? QUOTE_WEIGHTS };
    this.onSelect = opts.onSelect;
  }

  answerable(q: QuestionAnalysis, s: RankedSentence | undefined): s is RankedSentence {
    if (!s || !s.admissible || s.focus < 1 || s.coverage < this.minCoverage) return false;
    if (NEEDS_CANDIDATE.has(q.type) && s.weakest < this.minTermMatch) return false;
    // Quotes and reasons are tied to the question by role checks (speaker, event); everything else by proximity.
    if (LINKED.has(q.type) && s.linked < this.minLinked) return false;
    // Untyped questions have no answer span to check, so they must share more of their words with the sentence.
    if (q.type === 'other' && s.coverage < this.minCoverage + 0.15) return false;
    return !NEEDS_CANDIDATE.has(q.type) || s.candidate !== undefined;
  }

  /**
   * The best sentence that passes every check, if it ranks close to the top: one about last week does not hide
   * this week's, but a sentence far down the list is no answer. -1 when there is none.
   */
  select(q: QuestionAnalysis, ranked: RankedSentence[]): number {
    return ranked.findIndex((s) => s.score >= NEAR_TOP * ranked[0].score && this.answerable(q, s));
  }

  private refusal(q: QuestionAnalysis, ranked: RankedSentence[]): ExtractiveResult {
    return notStated(ranked, q.terms.length > 0, this.minCoverage);
  }

  /** Whether the learned gate lets this selection through; every selection is reported first. */
  private passes(selection: ExtractiveSelection): boolean {
    this.onSelect?.(selection);
    const weights = this.gates[selection.kind];
    return weights === false || confident(selection.features, weights);
  }

  answer(question: string, sources: Source[], doc: (id: string) => IndexedDocument | undefined): ExtractiveResult {
    const q = analyzeQuestion(question);
    const ranked = rankSentences(q, sources, doc, this.deps);
    const acronym = asksExpansion(question);
    if (acronym) return expansion(acronym, ranked) ?? this.refusal(q, ranked);
    const yesNo = isYesNoQuestion(question);
    const at = this.select(q, ranked);
    const best = ranked[at];
    const said = best && yesNo ? verdict(q, best, this.deps.matcher) : undefined;
    // A yes/no question the best sentence does not settle is not stated: a quote without a verdict reads as "yes".
    if (yesNo && !said) return this.refusal(q, ranked);
    const features = at >= 0 ? confidenceFeatures(q, ranked, at, { yesNo }) : undefined;
    if (features && this.passes({ kind: 'answer', question: q, span: candidateSpan(best), features })) {
      // A sentence that needs its heading to be about the question is quoted without a short answer: the heading
      // says what the section is about, not which of the sentence's values the question asks for.
      return this.compose(q, ranked, at, said, !best.wordsViaHeading);
    }
    return yesNo ? this.refusal(q, ranked) : this.quoteAlone(q, ranked, at);
  }

  /**
   * When no short answer passed, the sentence closest to the question may still hold the answer in words the checks
   * cannot pin down ("at least 16 characters" for a minimum length): it is quoted alone, without a short answer, if
   * the learned quote gate rates it likely to answer; otherwise the answer is "not stated".
   */
  private quoteAlone(q: QuestionAnalysis, ranked: RankedSentence[], chosen: number): ExtractiveResult {
    const at = chosen >= 0 ? chosen : ranked.findIndex((s) => s.admissible && s.focus >= 1);
    if (at < 0 || ranked[at].score < NEAR_TOP * ranked[0].score) return this.refusal(q, ranked);
    const features = confidenceFeatures(q, ranked, at, { checked: chosen >= 0 });
    if (!this.passes({ kind: 'quote', question: q, span: '', features })) return this.refusal(q, ranked);
    return this.compose(q, ranked, at, undefined, false);
  }

  private compose(
    q: QuestionAnalysis,
    ranked: RankedSentence[],
    at: number,
    said: string | undefined,
    withShort = true,
  ): ExtractiveResult {
    const best = ranked[at];
    const chosen = [best];
    const second = ranked[at + 1];
    if (
      !said &&
      this.answerable(q, second) &&
      second.score >= 0.85 * best.score &&
      (q.type === 'reason' || q.type === 'other' || !best.candidate || !withShort)
    ) {
      chosen.push(second);
    }
    chosen.sort((a, b) => (a.doc.id === b.doc.id ? a.start - b.start : 0));
    // A sentence that leads into a list is quoted with the list (yes/no verdicts rest on the one sentence).
    const quoted = said ? chosen : withLists(chosen);

    const citations = quoted.map(toCitation);
    const dates = chosen
      .map((s) => s.doc.date)
      .filter((d): d is string => Boolean(d))
      .sort();
    const asOf = dates.at(-1);
    const short = said
      ? { span: capitalise(said), prose: `${capitalise(said)}.` }
      : withShort
        ? shortAnswer(best, q)
        : undefined;
    const marker = (s: { source: Source }) => citationMarker([s.source.n]);
    const lines: string[] = [];
    if (short) lines.push(`${short.prose} ${marker(best)}`);
    const asOfText = asOf ? `As of ${formatDate(asOf)}, the source says: ` : '';
    lines.push(asOfText + quoted.map((s) => `${s.text} ${marker(s)}`).join(' '));
    return {
      answer: lines.join('\n\n'),
      ...(short ? { shortAnswer: short.span } : {}),
      refused: false,
      citations,
    };
  }
}
