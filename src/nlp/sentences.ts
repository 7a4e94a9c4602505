import type { ItemSentence } from 'wink-nlp';
import type { Span } from '../types.js';
import { MaskedText } from './long-words.js';
import { isListMarker, isTableDelimiter, lineSegments } from './line-units.js';
import { winkSentences } from './wink.js';

/**
 * The longest chunk (README: chunks of up to 900 characters), and so the longest sentence span: a longer
 * sentence, or a run of text without full stops, is cut into pieces no longer than this, so that any one
 * sentence fits a chunk, an answer quotes at most this much, and per-sentence work is bounded.
 */
export const MAX_CHUNK_CHARS = 900;

/**
 * The most text wink-nlp reads at once. wink holds ~50 bytes a character while it reads, so a 50 MB line read
 * whole took ingest to 2.5 GB; a longer paragraph is cut into windows of this size (after a sentence end, else
 * at a space), which bounds that memory to ≈ 1 MB. Real paragraphs are far shorter (the article's longest is
 * 560 characters, SQuAD's ≈ 4,000), so their sentences are never affected.
 */
const PARAGRAPH_WINDOW = 20_000;

/** Sentence boundaries of one window of text, with exact offsets into it. */
function boundaries(text: string): Span[] {
  const nlp = winkSentences();
  const its = nlp.its;
  const masked = new MaskedText(text);
  const doc = nlp.readDoc(masked.text);
  const values = doc.tokens().out<string>(its.value);
  const tokens = masked.tokenSpans(values);
  const spans: Span[] = [];
  doc.sentences().each((s: ItemSentence) => {
    let [first, last] = s.out(its.span) as unknown as number[];
    while (first <= last && !values[first]?.trim()) first++;
    while (last >= first && !values[last]?.trim()) last--;
    if (first <= last && tokens[first] !== undefined && tokens[last] !== undefined) {
      const span = { start: tokens[first].start, end: tokens[last].end };
      // A sentence ends before a space: a full stop inside a word is a file name's, a path's or an address's
      // ("/etc/stashbox/server.toml", "www.example.com", "./setup.deb"), and the text goes on.
      const prev = spans.at(-1);
      if (prev && prev.end === span.start) prev.end = span.end;
      else spans.push(span);
    }
  });
  return spans;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
// A cut never separates the two halves of a surrogate pair (an emoji, a rare CJK character).
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Where to end a piece of text[start, start + max): after the last sentence end, else at the last space, else hard. */
function cutAt(text: string, start: number, max: number, sentenceEnds: boolean): number {
  const limit = start + max;
  if (limit >= text.length) return text.length;
  if (sentenceEnds) {
    // Only in the window's second half, so that windows stay large.
    for (let i = limit - 1; i > start + max / 2; i--) if (isSpace(text[i]) && /[.!?]/.test(text[i - 1])) return i;
  }
  // text[limit] being a space means the piece [start, limit) ends a word.
  for (let i = limit; i > start; i--) if (isSpace(text[i])) return i;
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/** Pieces of text[start, end) of at most `max` characters, cut as `cutAt` says, trimmed, none empty. */
function pieces(text: string, start: number, end: number, max: number, sentenceEnds: boolean): Span[] {
  const out: Span[] = [];
  let from = start;
  while (from < end) {
    while (from < end && isSpace(text[from])) from++;
    if (from >= end) break;
    const to = end - from <= max ? end : cutAt(text, from, max, sentenceEnds);
    let e = to;
    while (e > from && isSpace(text[e - 1])) e--;
    if (e > from) out.push({ start: from, end: e });
    from = to;
  }
  return out;
}

/** Sentence spans with every span longer than `max` cut into pieces at spaces (offsets stay exact). */
export function capSpans(text: string, spans: Span[], max = MAX_CHUNK_CHARS): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    if (s.end - s.start <= max) out.push(s);
    else for (const p of pieces(text, s.start, s.end, max, false)) out.push(p);
  }
  return out;
}

/** Sentence spans of text[start, end) (one paragraph, or one unit of it), read a window at a time. */
function proseSpans(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  for (const w of pieces(text, start, end, PARAGRAPH_WINDOW, true)) {
    const window = w.start === 0 && w.end === text.length ? text : text.slice(w.start, w.end);
    for (const s of capSpans(window, boundaries(window))) out.push({ start: w.start + s.start, end: w.start + s.end });
  }
  return out;
}

/**
 * Sentence spans of a text, none longer than MAX_CHUNK_CHARS. Paragraphs (blank-line separated) are split
 * first so that a heading or a list item without a full stop never fuses with the next paragraph's first
 * sentence; within one, a list item, a table row or a Markdown heading is a unit of its own (lineSegments), and
 * a table row is one unit whatever its punctuation. A paragraph longer than PARAGRAPH_WINDOW is read a window at
 * a time.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const para = /[^\r\n]+(?:\r?\n(?![ \t]*\r?\n)[^\r\n]*)*/g;
  for (const m of text.matchAll(para)) {
    const base = m.index;
    for (const seg of lineSegments(m[0])) {
      const line = seg.row ? m[0].slice(seg.start, seg.end) : '';
      if (seg.row && isTableDelimiter(line)) continue;
      const units = seg.row
        ? capSpans(m[0], [trimmed(m[0], seg)])
        : withMarkers(m[0], proseSpans(m[0], seg.start, seg.end));
      for (const s of units) spans.push({ start: base + s.start, end: base + s.end });
    }
  }
  return spans.filter((s) => s.end > s.start && text.slice(s.start, s.end).trim().length > 0);
}

/** The spans of one unit, the first joined to the next when it is only a list item's marker ("1." then "Fill"). */
function withMarkers(text: string, spans: Span[]): Span[] {
  if (spans.length < 2 || !isListMarker(text.slice(spans[0].start, spans[0].end))) return spans;
  const joined = { start: spans[0].start, end: spans[1].end };
  return joined.end - joined.start <= MAX_CHUNK_CHARS ? [joined, ...spans.slice(2)] : spans;
}

/** A span without the white space at its ends. */
function trimmed(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return { start, end };
}
