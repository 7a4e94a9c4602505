import type { Citation } from '../types.js';

export interface VerifiedCitations {
  citations: Citation[];
  /** Citations whose quote was not the document's text at its offsets. */
  rejected: Citation[];
}

/** Keeps only citations whose quote is exactly the cited document's text between start and end. */
export function verifyCitations(citations: Citation[], text: (docId: string) => string | undefined): VerifiedCitations {
  const ok: Citation[] = [];
  const rejected: Citation[] = [];
  for (const c of citations) {
    const t = text(c.docId);
    if (t !== undefined && c.start >= 0 && c.end <= t.length && c.start < c.end && t.slice(c.start, c.end) === c.quote)
      ok.push(c);
    else rejected.push(c);
  }
  return { citations: ok, rejected };
}
