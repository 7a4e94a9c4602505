import { spanAt } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';

// A verb that reports speech, then what was said (group 1).
const SPEECH_VERB =
  '(?:said|says|say|vowed|vows|warned|warns|declared|declares|announced|claimed|' + String.raw`told \w+(?: of \w+)?)`;
const SPEECH = new RegExp(String.raw`\b${SPEECH_VERB}\s+(?:that\s+)?([^,;.“"]{6,200})`, 'gi');

/** Quoted words, and reported speech ("has said it is ready to send …"). */
export function quotes(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(/[“"]([^”"]{2,300})[”"]/g)) {
    const start = (m.index ?? 0) + 1;
    out.push(spanAt(view, start, start + m[1].length, 0.5, 'quote'));
  }
  // Reported speech only where nothing is quoted: "told residents of Homs … “your time has come”" means the
  // quote.
  if (out.length === 0)
    for (const m of view.text.matchAll(SPEECH)) {
      const start = (m.index ?? 0) + m[0].length - m[1].length;
      if (!out.some((c) => c.start <= start + 1 && start < c.end))
        out.push(spanAt(view, start, start + m[1].trimEnd().length, 0.2, 'quote:reported'));
    }
  return out;
}

/** Clauses of cause or purpose: "because …", "due to …", "in order to …". */
export function reasons(view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  for (const m of view.text.matchAll(
    /\b(because|since|due to|amid|after|as a result of|in order to|to)\b\s+([^,;.]{6,200})/gi,
  )) {
    const start = m.index ?? 0;
    const bonus = /because|due to|result|in order/i.test(m[1]) ? 0.6 : m[1].toLowerCase() === 'to' ? 0.1 : 0.3;
    out.push(spanAt(view, start, start + m[0].length, bonus, 'reason'));
  }
  return out;
}
