import type { EvalItem, EvalSummary } from './metrics.js';
import type { EvalResult } from './report.js';
import { hitAt, rankOf, retrievalScores } from './retrieval.js';
import type { SquadRun } from './squad-data.js';
import { evaluateSquad } from './squad-metric.js';

/** What each question is scored as under the official metric: "" means "no answer". */
interface SquadPredictions {
  /** An answer without a short span scores as "no answer". */
  lenient: Record<string, string>;
  /**
   * The answer's first quote stands in for a missing short span, so an answer that should have been a refusal
   * counts against it.
   */
  strict: Record<string, string>;
}

export function squadPredictions(items: readonly EvalItem[]): SquadPredictions {
  const answer = (i: EvalItem, fallback: string) => (i.refused ? '' : (i.shortAnswer ?? fallback));
  return {
    lenient: Object.fromEntries(items.map((i) => [i.id, answer(i, '')])),
    strict: Object.fromEntries(items.map((i) => [i.id, answer(i, i.citations[0]?.quote ?? '')])),
  };
}

/**
 * The SQuAD run's summary: the official scores, and retrieval judged by the gold paragraph for every question
 * (answerable or not), both for the sources the answer cited and for plain BM25 (`bm25`: its ranked document ids
 * per question id).
 */
export function squadSummary(
  run: { data: SquadRun['data']; items: readonly Pick<SquadRun['items'][number], 'id' | 'paragraph'>[] },
  items: readonly EvalItem[],
  summary: EvalSummary,
  bm25: ReadonlyMap<string, readonly string[]>,
): EvalResult['summary'] {
  const paragraphOf = new Map(run.items.map((i) => [i.id, i.paragraph]));
  const gold = (id: string) => paragraphOf.get(id) ?? '';
  const cited = items.map((i) =>
    rankOf(
      i.sources.map((s) => s.docId),
      gold(i.id),
    ),
  );
  const baseline = items.map((i) => rankOf(bm25.get(i.id) ?? [], gold(i.id)));
  const predictions = squadPredictions(items);
  return {
    ...summary,
    squad: evaluateSquad(run.data, predictions.lenient),
    squadStrict: evaluateSquad(run.data, predictions.strict),
    retrieval: { ...retrievalScores(cited), bm25: { hitAt1: hitAt(baseline, 1), hitAt5: hitAt(baseline, 5) } },
  };
}
