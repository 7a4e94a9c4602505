import type { IndexedDocument } from '../index/index.js';
import { analyze, isTableRow } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { Span } from '../types.js';
import type { QuestionTerm } from './question.js';
import type { TermMatch, TermMatcher } from './term-matcher.js';

/**
 * A table row says its values under its table's column headers: "Winter (November–March) | Wednesday to Sunday |
 * 11am – 3pm | £6.00 | £2.50 | £4.50" is the winter row of "Season | Open | Hours | Adult | Child (5–16) |
 * Concession", under the caption "Museum opening hours and admission prices". A question's words found in the header
 * or the caption count for the row, and a word found in a column's header says the answer is in that column.
 */
export interface TableContext {
  /** The row's cells, as offsets into the row's text. */
  cells: Span[];
  header?: { tokens: Token[]; cells: Span[]; text: string };
  /** A short line just above the table (a caption or a heading), which labels all of it. */
  caption?: Token[];
  /**
   * The paragraph just above the table, which says what it is about ("The requirements below are for the Stashbox
   * Server."): the names a row never repeats.
   */
  intro?: Token[];
  /** This row is the table's header: it names the columns and states no value. */
  isHeader: boolean;
}

/** The most sentences of the paragraph above a table read as its introduction: a lead-in is short. */
const MAX_INTRO_SENTENCES = 4;

/** The paragraph that ends just above sentence `first` (`first` > 0), as tokens: at most MAX_INTRO_SENTENCES of it. */
function paragraphAbove(d: IndexedDocument, first: number): Token[] {
  let k = first - 1;
  const blank = (a: number, b: number) => /\n[ \t]*\r?\n/.test(d.text.slice(d.sentences[a].end, d.sentences[b].start));
  while (k > 0 && first - k < MAX_INTRO_SENTENCES && !blank(k - 1, k)) k--;
  return analyze(d.text.slice(d.sentences[k].start, d.sentences[first - 1].end)).tokens;
}

/** A caption or heading above a table is short; a longer line is prose that happens to precede it. */
const MAX_CAPTION_WORDS = 12;
/** A header word must be found as itself or a close synonym to place the answer in its column. */
const COLUMN_MATCH = 0.8;

/** Cell spans of a row: the text between its " | " or "|" separators, trimmed. */
export function cellSpans(row: string): Span[] {
  const cells: Span[] = [];
  for (const m of row.matchAll(/[^|]+/g)) {
    const lead = m[0].length - m[0].trimStart().length;
    const text = m[0].trim();
    if (text) cells.push({ start: m.index + lead, end: m.index + lead + text.length });
  }
  return cells;
}

const sentenceText = (d: IndexedDocument, k: number) => d.text.slice(d.sentences[k].start, d.sentences[k].end);

/** The table context of sentence `index`, when it is a table row below a header row. */
export function tableContext(d: IndexedDocument, index: number): TableContext | undefined {
  const row = sentenceText(d, index);
  if (!isTableRow(row)) return undefined;
  let first = index;
  while (first > 0 && isTableRow(sentenceText(d, first - 1))) first--;
  const below = index + 1 < d.sentences.length && isTableRow(sentenceText(d, index + 1));
  const ctx: TableContext = { cells: cellSpans(row), isHeader: first === index && below };
  if (first < index) {
    const text = sentenceText(d, first);
    ctx.header = { text, tokens: analyze(text).tokens, cells: cellSpans(text) };
  }
  if (first > 0) {
    const above = sentenceText(d, first - 1);
    if (above.split(/\s+/).length <= MAX_CAPTION_WORDS) ctx.caption = analyze(above).tokens;
    ctx.intro = paragraphAbove(d, first);
  }
  return ctx;
}

const cellOf = (cells: Span[], at: number) => cells.findIndex((c) => at >= c.start && at < c.end);

/**
 * The question's words matched in the row, or else in its header (placed at the first token of that column's cell in
 * the row) or its caption (placed at the row's start); and the columns the header matches point to.
 */
export function matchInTable(
  terms: QuestionTerm[],
  matches: TermMatch[],
  rowTokens: Token[],
  ctx: TableContext,
  matcher: TermMatcher,
): { matches: TermMatch[]; columns: Set<number> } {
  const columns = new Set<number>();
  const out = matches.map((m, i) => {
    let best = m;
    const h = ctx.header ? matcher.match(terms[i], ctx.header.tokens) : undefined;
    if (ctx.header && h && h.score > best.score) {
      const column = cellOf(ctx.header.cells, ctx.header.tokens[h.token].start);
      const cell = ctx.cells[column];
      const token = cell ? rowTokens.findIndex((t) => t.start >= cell.start) : 0;
      best = { score: h.score, token: Math.max(0, token) };
    }
    const c = ctx.caption ? matcher.match(terms[i], ctx.caption) : undefined;
    if (c && c.score > best.score) best = { score: c.score, token: 0 };
    return best;
  });
  if (ctx.header) for (const c of namedColumns(terms, ctx.header, matcher)) columns.add(c);
  return { matches: out, columns };
}

/**
 * The columns whose headers say the most of the question's words: "per user per year" names "Price per user per
 * year" (three words) over "Price per user per month" (two). The label column (0) names the row, not a value.
 */
function namedColumns(terms: QuestionTerm[], header: NonNullable<TableContext['header']>, matcher: TermMatcher) {
  const counts = header.cells.map((cell, k) => {
    if (k === 0) return 0;
    const from = header.tokens.findIndex((t) => t.start >= cell.start);
    let to = header.tokens.findIndex((t) => t.start >= cell.end);
    if (to < 0) to = header.tokens.length;
    if (from < 0) return 0;
    return terms.filter((t) => matcher.match(t, header.tokens, from, to).score >= COLUMN_MATCH).length;
  });
  const most = Math.max(0, ...counts);
  return most > 0 ? counts.flatMap((n, k) => (n === most ? [k] : [])) : [];
}

/** Whether a candidate lies in one of the columns the question names (any, when it names none). */
export const inColumns = (ctx: TableContext, columns: Set<number>, start: number): boolean =>
  columns.size === 0 || columns.has(cellOf(ctx.cells, start));
