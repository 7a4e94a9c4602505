import { MARKER } from '../citation-markers.js';
import type { Citation } from '../types.js';
import type { GeneratedCheck } from './check-generated.js';

// The end of a sentence, its closing quotes or brackets, any citation markers after it, then the space before the
// next sentence (which must have begun, so a marker that follows the full stop is not cut off from its claim).
const BOUNDARY = new RegExp(String.raw`[.!?…]["”’)\]]*(?:\s*${MARKER})*\s+(?=[^\s[])`);

/**
 * Lets generated text through one sentence at a time, each checked against the sources first: what a reader
 * sees while the answer streams is what the final answer holds, never a claim the check would drop.
 */
export class SentenceGate {
  private buffer = '';
  private readonly parts: GeneratedCheck[] = [];

  constructor(private readonly check: (text: string) => GeneratedCheck) {}

  /** Checked text ready to show, for each sentence this piece completed. */
  push(piece: string): string[] {
    this.buffer += piece;
    const out: string[] = [];
    for (let m = BOUNDARY.exec(this.buffer); m; m = BOUNDARY.exec(this.buffer)) {
      const cut = m.index + m[0].length;
      out.push(...this.take(this.buffer.slice(0, cut)));
      this.buffer = this.buffer.slice(cut);
    }
    return out;
  }

  flush(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim() ? this.take(rest) : [];
  }

  private take(text: string): string[] {
    const checked = this.check(text);
    this.parts.push(checked);
    return checked.answer ? [checked.answer] : [];
  }

  /** The whole answer: a refusal only when something refused and nothing was supported. */
  result(): GeneratedCheck {
    const citations = new Map<string, Citation>();
    for (const p of this.parts) for (const c of p.citations) citations.set(`${c.n}:${c.start}`, c);
    return {
      answer: this.parts
        .map((p) => p.answer)
        .filter(Boolean)
        .join(' '),
      citations: [...citations.values()],
      unsupported: this.parts.flatMap((p) => p.unsupported),
      dropped: this.parts.reduce((n, p) => n + p.dropped, 0),
      refused: citations.size === 0 && this.parts.some((p) => p.refused),
    };
  }
}
