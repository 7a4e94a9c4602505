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

/** An answer's paragraphs; `quotes` false for an LLM's prose, which is written, not quoted, whatever it says. */
export function paragraphs(answer: string, quotes: boolean): Paragraph[] {
  return answer
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => {
      const lead = quotes ? QUOTE_LEAD.exec(p) : null;
      return lead ? { quoted: true, text: p.slice(lead[0].length) } : { quoted: false, text: p };
    });
}
