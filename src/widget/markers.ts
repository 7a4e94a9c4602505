import { MARKER, markerNumbers } from '../citation-markers.js';

export type Segment = { text: string } | { n: number };

const EACH_MARKER = new RegExp(MARKER, 'g');

/** Splits answer prose into text and citation markers; `[1]`, and `[1, 2]` as two markers. */
export function splitMarkers(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(EACH_MARKER)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    for (const n of markerNumbers(m[1])) out.push({ n });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
