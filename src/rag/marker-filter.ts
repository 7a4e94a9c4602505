import { MARKER, citationMarker, markerNumbers } from '../citation-markers.js';

const WHOLE_MARKER = new RegExp(`^${MARKER}$`);
// A marker still arriving: its bracket, then digits, commas and spaces. Past 24 of them the text is let through, so
// a bracket that opens no marker holds back only a few characters of the stream.
const PARTIAL = /^\[[\d,\s]{0,24}$/;

/**
 * Removes citation markers that name no source from a text arriving in pieces: "[9]" is dropped, "[1, 9]"
 * becomes "[1]". A marker split across pieces ("[", "1", "]") is held back until it is complete.
 */
export class MarkerFilter {
  dropped = 0;
  private pending = '';

  constructor(private readonly valid: (n: number) => boolean) {}

  push(piece: string): string {
    let out = '';
    for (const ch of piece) {
      if (this.pending) {
        this.pending += ch;
        if (ch === ']') out += this.resolve();
        else if (!PARTIAL.test(this.pending)) {
          out += this.pending;
          this.pending = '';
        }
      } else if (ch === '[') this.pending = ch;
      else out += ch;
    }
    return out;
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  private resolve(): string {
    const m = WHOLE_MARKER.exec(this.pending);
    const text = this.pending;
    this.pending = '';
    if (!m) return text;
    const ns = markerNumbers(m[1]);
    if (ns.includes(0)) return text; // sources count from 1: "[0]" is an index in code, not a citation
    const keep = ns.filter((n) => this.valid(n));
    this.dropped += ns.length - keep.length;
    return keep.length ? citationMarker(keep) : '';
  }
}

/** The same filtering for a complete text. */
export function filterMarkers(text: string, valid: (n: number) => boolean): { text: string; dropped: number } {
  const f = new MarkerFilter(valid);
  const out = f.push(text) + f.flush();
  return { text: out.replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' '), dropped: f.dropped };
}
