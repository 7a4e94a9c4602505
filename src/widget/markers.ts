export type Segment = { text: string } | { n: number };

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Splits answer prose into text and citation markers; `[1]`, and `[1, 2]` as two markers. */
export function splitMarkers(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    for (const n of m[1].split(',')) out.push({ n: Number(n.trim()) });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The answer without markers, for screen reader announcements. */
export const withoutMarkers = (text: string): string => text.replace(/\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\]/g, '').trim();
