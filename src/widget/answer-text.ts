import { withoutMarkers } from '../citation-markers.js';

/**
 * The offline answerer's words before the sentences it quotes: "As of 6 December 2024, the source says: …"
 * (src/rag/extractive.ts, quotes.ts) or "The documents say: …" (summary.ts). The widget shows those sentences as a
 * quote and the date once, under the answer, so the lead is not repeated; the server's text stays as it is.
 */
const QUOTE_LEAD = /^(?:As of [^,\n]{1,40}, )?the (?:source says|documents say): /i;

export interface Paragraph {
  /** Sentences quoted verbatim from the sources, with their markers. */
  quoted: boolean;
  text: string;
}

/**
 * Whether a paragraph is nothing but cited quotes and their markers: how the offline answer quotes an undated
 * document, with no lead to tell it by ("Travel insurance … per trip. [1]").
 */
function onlyQuotes(paragraph: string, cited: readonly string[]): boolean {
  let rest = withoutMarkers(paragraph);
  let found = false;
  for (const q of cited) {
    if (!q || !rest.includes(q)) continue;
    rest = rest.split(q).join(' ');
    found = true;
  }
  return found && rest.trim() === '';
}

/**
 * An answer's paragraphs; `quotes` false for an LLM's prose, which is written, not quoted, whatever it says.
 * `cited` are the citations' quotes, verbatim: a paragraph made of them alone is a quote too.
 */
export function paragraphs(answer: string, quotes: boolean, cited: readonly string[] = []): Paragraph[] {
  return answer
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => {
      const lead = quotes ? QUOTE_LEAD.exec(p) : null;
      if (lead) return { quoted: true, text: p.slice(lead[0].length) };
      return { quoted: quotes && onlyQuotes(p, cited), text: p };
    });
}
