/**
 * The longest word cited treats as a word. The longest dictionary word (pneumonoultramicroscopicsilicovolcano-
 * coniosis) has 45 letters and the longest place name in common use (Llanfairpwllgwyngyllgogerychwyrndrob-
 * wllllantysiliogogogoch) 58; a longer run is a URL, a hash, a base64 blob or a hostile query. Such a run is
 * taken as itself: it is neither stemmed (the Porter2 rules are quadratic in the word's length), nor looked up
 * in the word vectors, nor cached, nor shown to wink-nlp (which learns every unknown word for good and runs a
 * quadratic abbreviation test on it). It still matches its own spelling.
 */
const MAX_WORD_CHARS = 60;

export const isLongWord = (word: string): boolean => word.length > MAX_WORD_CHARS;

/** A run of non-space characters longer than a word may be (its length bound so that the scan stays linear). */
const LONG_RUN = new RegExp(`\\S{${MAX_WORD_CHARS + 1},}`, 'g');
// Punctuation around a long run stays visible to wink: a URL at the end of a sentence still ends it.
const OPENERS = new Set(['(', '[', '"', "'", '“', '‘', '«']);
const CLOSERS = new Set(['.', ',', ';', ':', '!', '?', '…', ')', ']', '"', "'", '”', '’', '»']);

interface Piece {
  /** Where the stand-in starts and ends in the masked text. */
  maskedStart: number;
  maskedEnd: number;
  /** Where the long run starts and ends in the original text. */
  start: number;
  end: number;
}

/** Text with every long run replaced by a short stand-in, and the way back to the original offsets. */
export class MaskedText {
  readonly text: string;
  private readonly pieces: Piece[] = [];

  constructor(readonly original: string) {
    if (original.length <= MAX_WORD_CHARS) {
      this.text = original;
      return;
    }
    let out = '';
    let from = 0;
    for (const m of original.matchAll(LONG_RUN)) {
      let start = m.index;
      let end = start + m[0].length;
      while (start < end && OPENERS.has(original[start])) start++;
      while (end > start && CLOSERS.has(original[end - 1])) end--;
      if (end - start <= MAX_WORD_CHARS) continue;
      out += original.slice(from, start);
      // A common word (no new lexicon entry in wink), capitalised like the run so that a name still reads as one.
      const standIn = /^\p{Lu}/u.test(original[start]) ? 'Word' : 'word';
      this.pieces.push({ maskedStart: out.length, maskedEnd: out.length + standIn.length, start, end });
      out += standIn;
      from = end;
    }
    this.text = this.pieces.length ? out + original.slice(from) : original;
  }

  /** The original offset of an offset into the masked text (a stand-in maps to its whole run). */
  toOriginal(offset: number): number {
    const ps = this.pieces;
    let lo = 0;
    let hi = ps.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid].maskedStart <= offset) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last < 0) return offset;
    const p = ps[last];
    if (offset >= p.maskedEnd) return p.end + (offset - p.maskedEnd);
    return offset === p.maskedStart ? p.start : p.end;
  }

  /**
   * Character spans of wink's token values: wink drops leading whitespace and may normalise, so each value is
   * found by searching forward from a cursor; one it normalised beyond recognition keeps a zero-length span.
   */
  tokenSpans(values: string[]): { start: number; end: number; masked: boolean }[] {
    const spans: { start: number; end: number; masked: boolean }[] = [];
    let cursor = 0;
    for (const value of values) {
      const at = this.text.indexOf(value, cursor);
      const start = at >= 0 ? at : cursor;
      cursor = at >= 0 ? at + value.length : cursor;
      const s = this.toOriginal(start);
      const e = this.toOriginal(cursor);
      spans.push({ start: s, end: e, masked: e - s !== cursor - start });
    }
    return spans;
  }
}
