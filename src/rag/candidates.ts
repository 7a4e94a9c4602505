import type { Candidate, SentenceView } from './candidate.js';
import { names } from './candidates-names.js';
import { dateFit, dates } from './candidates-dates.js';
import { numbers, unitFit } from './candidates-numbers.js';
import { quotes, reasons } from './candidates-clauses.js';
import type { QuestionAnalysis } from './question.js';

export type { Candidate, SentenceView } from './candidate.js';

const POPULATION_QUESTION =
  /\bpopulation\b|\bhow many (people|residents|inhabitants) (live|lived|living|are living|were living)\b/;
const POPULATION_CUE = /\b(home to|population|inhabitants|residents|live|lives|lived|living|populated)\b/i;

/** Short-answer candidates of the expected type inside one sentence. */
export function findCandidates(
  view: SentenceView,
  q: QuestionAnalysis,
  related: (a: string, b: string) => number = () => 0,
): Candidate[] {
  const questionText = q.text.toLowerCase();
  const notInQuestion = (c: Candidate) => !questionText.includes(view.text.slice(c.start, c.end).toLowerCase());
  switch (q.type) {
    case 'number':
      // "How many people live in X?" needs a sentence about living there, not one that counts the dead.
      if (POPULATION_QUESTION.test(questionText) && !POPULATION_CUE.test(view.text)) return [];
      return numbers(view)
        .filter(notInQuestion)
        .map((c) => ({ ...c, bonus: c.bonus + unitFit(questionText, c.kind, related) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'date':
      return dates(view)
        .filter(notInQuestion)
        .map((c) => ({ ...c, bonus: c.bonus + dateFit(questionText, view.text.slice(c.start, c.end)) }))
        .filter((c) => Number.isFinite(c.bonus));
    case 'entity':
    case 'place':
      return names(view, q, q.type);
    case 'quote':
      return quotes(view);
    case 'reason':
      return reasons(view);
    default:
      return [];
  }
}
