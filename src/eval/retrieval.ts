/**
 * Retrieval figures over ranked lists: hit@k and mean reciprocal rank. One implementation for both eval paths:
 * the seed set ranks sources by whether they hold a gold answer, SQuAD by the gold paragraph's document id.
 */

/** A question's gold rank: 1-based, undefined when the gold never appears in the ranked list. */
type GoldRank = number | undefined;

export interface RetrievalScores {
  hitAt1: number;
  hitAt3: number;
  hitAt5: number;
  mrr: number;
}

/** n / d, and 0 for an empty set (no questions of a kind is not a failure). */
export const ratio = (n: number, d: number) => (d ? n / d : 0);

/** The 1-based position of the first `gold` in `ranked`; undefined when it is not there. */
export function rankOf(ranked: readonly string[], gold: string): GoldRank {
  const r = ranked.indexOf(gold);
  return r >= 0 ? r + 1 : undefined;
}

/** The share of questions whose gold is within the first `k`; 0 for no questions. */
export function hitAt(ranks: readonly GoldRank[], k: number): number {
  return ratio(ranks.filter((r) => r !== undefined && r <= k).length, ranks.length);
}

/** The mean of 1/rank, a miss counting 0; 0 for no questions. */
export function meanReciprocalRank(ranks: readonly GoldRank[]): number {
  return ratio(
    ranks.reduce<number>((s, r) => s + (r ? 1 / r : 0), 0),
    ranks.length,
  );
}

/** hit@1, hit@3, hit@5 and MRR, the retrieval line of every eval summary. */
export function retrievalScores(ranks: readonly GoldRank[]): RetrievalScores {
  return { hitAt1: hitAt(ranks, 1), hitAt3: hitAt(ranks, 3), hitAt5: hitAt(ranks, 5), mrr: meanReciprocalRank(ranks) };
}
