import type { Answer } from '../types.js';
import { computeF1, normalizeAnswer } from './squad-metric.js';
import type { DatasetItem } from './dataset.js';
import { ratio, retrievalScores } from './retrieval.js';
import type { RetrievalScores } from './retrieval.js';

/** One evaluated question, in the `--out` shape of docs/contracts.md. */
export interface EvalItem extends Pick<DatasetItem, 'id' | 'question' | 'answerable' | 'answers' | 'category'> {
  answer: string;
  shortAnswer?: string;
  refused: boolean;
  citations: Answer['citations'];
  /** With a refusal: the closest passages shown instead of an answer. */
  related?: Answer['related'];
  sources: Answer['sources'];
  correct: boolean;
  latencyMs: number;
  /** Rank (1-based) of the first source holding a gold answer; undefined when none does. */
  goldRank?: number;
  f1: number;
  /** A short answer was shown and it is not a gold answer (or the question has none): worse than no short answer. */
  wrongShort?: boolean;
  mode: Answer['mode'];
  degraded?: boolean;
}

const holds = (text: string, answers: string[]) => {
  const t = normalizeAnswer(text);
  return answers.some((a) => normalizeAnswer(a) && t.includes(normalizeAnswer(a)));
};

/** A yes/no item's gold is "yes" or "no", and the reply must lead with it ("Yes. …"), not merely contain the word. */
export const POLAR = new Set(['yes', 'no']);
const leadsWith = (text: string, word: string) => normalizeAnswer(text).split(' ')[0] === word;

const contains = (text: string, answers: string[]) =>
  answers.every((a) => POLAR.has(normalizeAnswer(a)))
    ? answers.some((a) => leadsWith(text, normalizeAnswer(a)))
    : holds(text, answers);

/**
 * A short answer fits when it holds a gold answer, lies inside one, or overlaps one by at least this F1: "Abu
 * Mohammed al-Jawlani" for "al-Jawlani", "110km" for "110km (70 miles)". Below it, the short answer names
 * something else.
 */
const SHORT_FITS_F1 = 0.5;

/** Words of an answer for containment: any punctuation or symbol ("“", "’", "-", "€") separates words. */
const words = (text: string) => ` ${normalizeAnswer(text.replace(/[\p{P}\p{S}]/gu, ' '))} `;

function shortFits(short: string, answers: string[]): boolean {
  const s = words(short);
  return answers.some((g) => {
    const n = words(g);
    // Whole words: "€14" is not inside "€140", but "13" is inside "13-year".
    return n.trim() !== '' && (s.includes(n) || n.includes(s) || computeF1(g, short) >= SHORT_FITS_F1);
  });
}

/** Scores one answer against its item: containment accuracy, short-answer F1, where the gold answer was retrieved. */
export function scoreItem(item: DatasetItem, a: Answer, latencyMs: number): EvalItem {
  const short = a.refused ? '' : (a.shortAnswer ?? '');
  const wrongShort = Boolean(short) && (!item.answerable || !shortFits(short, item.answers));
  const correct = item.answerable ? !a.refused && !wrongShort && contains(a.answer, item.answers) : a.refused;
  const f1 = item.answerable ? Math.max(0, ...item.answers.map((g) => computeF1(g, short))) : Number(a.refused);
  const rank = item.answerable ? a.sources.findIndex((s) => holds(s.text, item.answers)) : -1;
  return {
    id: item.id,
    question: item.question,
    answerable: item.answerable,
    answers: item.answers,
    category: item.category,
    answer: a.answer,
    ...(a.shortAnswer ? { shortAnswer: a.shortAnswer } : {}),
    refused: a.refused,
    citations: a.citations,
    ...(a.related ? { related: a.related } : {}),
    sources: a.sources,
    correct,
    wrongShort,
    latencyMs,
    ...(rank >= 0 ? { goldRank: rank + 1 } : {}),
    f1,
    mode: a.mode,
    ...(a.degraded ? { degraded: true } : {}),
  };
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

interface CategorySummary {
  count: number;
  accuracy: number;
  f1: number;
}

export interface EvalSummary {
  count: number;
  answerable: number;
  unanswerable: number;
  accuracy: number;
  answerableAccuracy: number;
  shortAnswerF1: number;
  /** Short answers that are not a gold answer, as a share of all questions: the worst outcome. */
  wrongShortRate?: number;
  retrieval: RetrievalScores;
  refusal: { precision: number; recall: number; falseRefusalRate: number };
  citations: { total: number; verbatim: number; answersCitingGold: number; invalidDropped: number };
  latencyMs: { p50: number; p95: number };
  degraded: number;
  categories: Record<string, CategorySummary>;
}

/** The summary `cited eval` prints and writes. `verbatim` checks each quote against its document's text. */
export function summarise(
  items: EvalItem[],
  docText: (id: string) => string | undefined,
  droppedCitations: number,
  rejectedQuotes = 0,
): EvalSummary {
  const answerable = items.filter((i) => i.answerable);
  const unanswerable = items.filter((i) => !i.answerable);
  const refused = items.filter((i) => i.refused);
  const citations = items.flatMap((i) => i.citations);
  const verbatim = citations.filter((c) => docText(c.docId)?.slice(c.start, c.end) === c.quote).length;
  const answered = answerable.filter((i) => !i.refused);
  const categories: Record<string, CategorySummary> = {};
  for (const name of [...new Set(items.map((i) => i.category))].sort()) {
    const group = items.filter((i) => i.category === name);
    categories[name] = {
      count: group.length,
      accuracy: ratio(group.filter((i) => i.correct).length, group.length),
      f1: ratio(
        group.reduce((s, i) => s + i.f1, 0),
        group.length,
      ),
    };
  }
  return {
    count: items.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    accuracy: ratio(items.filter((i) => i.correct).length, items.length),
    answerableAccuracy: ratio(answerable.filter((i) => i.correct).length, answerable.length),
    shortAnswerF1: ratio(
      answerable.reduce((s, i) => s + i.f1, 0),
      answerable.length,
    ),
    wrongShortRate: ratio(items.filter((i) => i.wrongShort).length, items.length),
    retrieval: retrievalScores(answerable.map((i) => i.goldRank)),
    refusal: {
      precision: ratio(refused.filter((i) => !i.answerable).length, refused.length),
      recall: ratio(unanswerable.filter((i) => i.refused).length, unanswerable.length),
      falseRefusalRate: ratio(answerable.filter((i) => i.refused).length, answerable.length),
    },
    citations: {
      total: citations.length,
      // Quotes the answer path already rejected count against it: they were produced, then caught.
      verbatim: citations.length + rejectedQuotes ? verbatim / (citations.length + rejectedQuotes) : 1,
      answersCitingGold: ratio(
        answered.filter((i) => i.citations.some((c) => holds(c.quote, i.answers))).length,
        answered.length,
      ),
      invalidDropped: droppedCitations,
    },
    latencyMs: {
      p50: percentile(
        items.map((i) => i.latencyMs),
        50,
      ),
      p95: percentile(
        items.map((i) => i.latencyMs),
        95,
      ),
    },
    degraded: items.filter((i) => i.degraded).length,
    categories,
  };
}
