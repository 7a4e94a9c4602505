import type { CitedDocument, Citation } from '../types.js';

export interface VerifiedCitations {
  citations: Citation[];
  /** Citations whose quote was not the document's text at its offsets. */
  rejected: Citation[];
}

type Cited = Pick<CitedDocument, 'text' | 'pageStarts'>;

/** The 1-based page of a PDF on which `offset` lies; undefined for documents without pages. */
export function pageAt(doc: Pick<CitedDocument, 'pageStarts'> | undefined, offset: number): number | undefined {
  const starts = doc?.pageStarts;
  if (!starts?.length) return undefined;
  let lo = 0;
  let hi = starts.length - 1;
  // The last page starting at or before the offset (an empty page shares its start with the next one).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Keeps only citations whose quote is exactly the cited document's text between start and end. A PDF citation's
 * page is worked out here from those checked offsets: whatever page an answerer claimed is never passed on.
 */
export function verifyCitations(citations: Citation[], doc: (docId: string) => Cited | undefined): VerifiedCitations {
  const ok: Citation[] = [];
  const rejected: Citation[] = [];
  for (const { page: _claimed, ...c } of citations) {
    const d = doc(c.docId);
    const t = d?.text;
    if (
      t !== undefined &&
      c.start >= 0 &&
      c.end <= t.length &&
      c.start < c.end &&
      t.slice(c.start, c.end) === c.quote
    ) {
      const page = pageAt(d, c.start);
      ok.push(page ? { ...c, page } : c);
    } else rejected.push(c);
  }
  return { citations: ok, rejected };
}
