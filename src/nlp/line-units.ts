import type { Span } from '../types.js';

/**
 * What joins the cells of one table row on its line (HTML tables are read this way): a separator a reader sees
 * and that no cell's words run into, and the mark by which a line is known to be a table row.
 */
export const TABLE_CELL_SEPARATOR = ' | ';

/** The start of a bulleted list item: `-`, `*` or `+`, then a space and text. */
const BULLET_ITEM = /^[ \t]*[-*+][ \t]+\S/;
/**
 * The start of a numbered list item: a number of at most 3 digits with `.` or `)`, then a space and text. Three
 * digits, not CommonMark's nine: lists that long do not occur, and a year that opens a hard-wrapped line ("1990.
 * He left") must not start an item.
 */
const NUMBERED_ITEM = /^[ \t]*(\d{1,3})[.)][ \t]+\S/;
/**
 * The highest number that opens a list. A later number starts an item only inside a list: a hard-wrapped line may
 * begin with one ("… of O" / "2 gas", "(PO3−" / "4) groups" in Wikipedia text with subscripts on their own line).
 */
const FIRST_ITEM_NUMBER = 1;

const startsItem = (line: string): boolean => BULLET_ITEM.test(line) || NUMBERED_ITEM.test(line);
/** A list item's marker alone, which a sentence splitter may take for a sentence of its own ("1."). */
const MARKER_ONLY = /^(?:[-*+]|\d{1,3}[.)])$/;
/** A Markdown ATX heading: up to 3 spaces of indent, 1–6 `#`, then a space or the line's end. */
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** A line of a Markdown table (`| a | b |`). */
const PIPE_ROW = /^[ \t]*\|/;
/**
 * The longest first cell of a row written without outer pipes (`a | b`, as HTML rows are): a label, which is short
 * (a spec table's longest, "Maximum operating pressure (bar)", is 32 characters; a fault's description ≈ 50). Prose
 * that happens to hold " | " further on ("the language {xx | x is any binary string}", in SQuAD) is not a row.
 */
const MAX_LABEL_CHARS = 80;
/** A Markdown table's delimiter row (`|---|:--:|`): layout, not content. */
const TABLE_DELIMITER = /^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/;

/** A line of a Markdown table, or a row whose cells are joined by TABLE_CELL_SEPARATOR (an HTML table row). */
export function isTableRow(line: string): boolean {
  if (PIPE_ROW.test(line)) return true;
  const at = line.indexOf(TABLE_CELL_SEPARATOR);
  return at >= 0 && at <= MAX_LABEL_CHARS;
}
export const isListMarker = (text: string): boolean => MARKER_ONLY.test(text);
/** A line that starts a list item (`- a`, `2. b`). */
export const isListItem = (line: string): boolean => startsItem(line);
/** A Markdown ATX heading line (`## C`). */
export const isMarkdownHeading = (line: string): boolean => HEADING.test(line);
export const isTableDelimiter = (line: string): boolean => TABLE_DELIMITER.test(line) && line.includes('-');

/**
 * Whether a paragraph's line break between `line` and `next` ends a unit: a list item, a table row or a heading
 * stands alone, while a hard-wrapped sentence (the next line goes on with the same sentence) is joined as before.
 * `inList`: the unit that `line` ends began with a list item.
 */
function breaksBetween(line: string, next: string, inList: boolean): boolean {
  if (BULLET_ITEM.test(next) || HEADING.test(next) || HEADING.test(line)) return true;
  const numbered = NUMBERED_ITEM.exec(next);
  if (numbered && (inList || Number(numbered[1]) <= FIRST_ITEM_NUMBER)) return true;
  return isTableRow(line) || isTableRow(next);
}

export interface LineSegment extends Span {
  /** A table row: one unit whatever its punctuation, so that a label and its value are never quoted apart. */
  row: boolean;
}

/**
 * The parts of one paragraph (a run of lines without a blank line) that are read as separate units, with offsets
 * into `para`; each part is a run of lines, without its line break. Walks the lines once, so the work is linear.
 */
export function lineSegments(para: string): LineSegment[] {
  const out: LineSegment[] = [];
  let start = 0;
  let lineStart = 0;
  let line = lineAt(para, 0);
  let inList = startsItem(line);
  for (;;) {
    const nl = para.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? para.length : nl;
    const contentEnd = lineEnd > lineStart && para[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const next = nl < 0 ? '' : lineAt(para, nl + 1);
    if (nl < 0 || breaksBetween(line, next, inList)) {
      out.push({ start, end: contentEnd, row: start === lineStart && isTableRow(line) });
      if (nl < 0) return out;
      start = nl + 1;
      inList = startsItem(next);
    }
    lineStart = nl + 1;
    line = next;
  }
}

/**
 * How much of a line the rules above read: each looks at its start only (a marker, a `#`, a `|`, a label of up to
 * MAX_LABEL_CHARS), so a line of megabytes is never copied whole to be classified.
 */
const LINE_HEAD_CHARS = MAX_LABEL_CHARS + TABLE_CELL_SEPARATOR.length + 40;

/** The start of the line of `text` that begins at `from` (LINE_HEAD_CHARS of it at most), without its line break. */
function lineAt(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  const end = Math.min(nl < 0 ? text.length : nl, from + LINE_HEAD_CHARS);
  return text.slice(from, end > from && text[end - 1] === '\r' ? end - 1 : end);
}
