import { citationMarker } from '../citation-markers.js';
import type { Citation } from '../types.js';
import { findExpansion } from './acronym.js';
import { formatDate } from './dates.js';
import type { ExtractiveResult } from './extractive.js';
import type { RankedSentence } from './sentence-ranker.js';

/**
 * A sentence must support at least half of the question's (weighted) words to answer it: the default since the first
 * answerer, tuned on the seed set and the SQuAD dev half.
 */
export const DEFAULT_MIN_COVERAGE = 0.5;

const REFUSAL = "The sources don't say. Nothing in the indexed documents answers this question.";
const NOT_STATED = "The documents don't state this. The closest passages are below.";

/**
 * A refusal shows at most this many closest passages: enough to see what the documents do say nearby, few enough
 * not to read as an answer.
 */
export const MAX_RELATED = 2;

/**
 * "Not stated" with the closest passages when some retrieved sentence is about the question (it names all of the
 * question's names and shares at least half the words an answer needs); a plain refusal when none is, or when the
 * question has no words to be about.
 */
export function notStated(ranked: RankedSentence[], hasTerms = true, minCoverage = DEFAULT_MIN_COVERAGE) {
  const about = (s: RankedSentence) => s.focus >= 1 && s.coverage >= minCoverage / 2;
  const related = ranked.filter(about).slice(0, MAX_RELATED).map(toCitation);
  if (!related.length || !hasTerms) return { answer: REFUSAL, refused: true, citations: [] };
  return { answer: NOT_STATED, refused: true, citations: [], related };
}

type Quoted = Pick<RankedSentence, 'source' | 'doc' | 'start' | 'end' | 'text'>;

export const toCitation = (s: Quoted): Citation => ({
  n: s.source.n,
  docId: s.doc.id,
  chunkId: s.source.chunkId,
  title: s.doc.title,
  ...(s.doc.date ? { date: s.doc.date } : {}),
  quote: s.text,
  start: s.start,
  end: s.end,
});

/** "What does MHT stand for?": the sentence that introduces the acronym, its expansion as the short answer. */
export function expansion(acronym: string, ranked: RankedSentence[]): ExtractiveResult | undefined {
  for (const s of ranked) {
    const found = findExpansion(s.text, acronym);
    if (!found) continue;
    const span = s.text.slice(found.start, found.end);
    const marker = citationMarker([s.source.n]);
    const asOf = s.doc.date ? `As of ${formatDate(s.doc.date)}, the source says: ` : '';
    return {
      answer: `${span} ${marker}\n\n${asOf}${s.text} ${marker}`,
      shortAnswer: span,
      refused: false,
      citations: [toCitation(s)],
    };
  }
  return undefined;
}
