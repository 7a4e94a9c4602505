import { formatDate, resolveRelative } from './dates.js';
import type { QuestionAnalysis } from './question.js';
import type { RankedSentence } from './sentence-ranker.js';

/** The words of a sentence that answer the question. */
export const candidateSpan = (s: RankedSentence) =>
  s.candidate ? s.text.slice(s.candidate.start, s.candidate.end).trim() : '';

/** The short answer a sentence gives, with a relative date resolved against the document's date. */
export function shortAnswer(s: RankedSentence, q: QuestionAnalysis): { span: string; prose: string } | undefined {
  if (!s.candidate) return undefined;
  const span = candidateSpan(s);
  if (q.type === 'date' && s.doc.date) {
    const resolved = resolveRelative(span, s.doc.date);
    if (resolved) {
      return {
        span: `${span} (${resolved.text})`,
        prose: `${capitalise(resolved.text)} (“${span}”, as of ${formatDate(s.doc.date)})`,
      };
    }
  }
  return { span, prose: capitalise(span) };
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
