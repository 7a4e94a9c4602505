import type * as Unpdf from 'unpdf';
import { TABLE_CELL_SEPARATOR } from '../nlp/index.js';
import { DocumentSkipped } from './skipped.js';

/**
 * PDF text through Mozilla's pdf.js, as packaged for servers by `unpdf` (no worker, no canvas). Loaded on the first
 * PDF, so a corpus without one starts no faster or slower than before.
 */

/** What the loader gets from one PDF: page texts joined, where each page starts, the metadata title. */
export interface PdfText {
  text: string;
  /** Offset in `text` at which each page (1, 2, …) starts. */
  pageStarts: number[];
  title?: string;
  /** Pages that gave no text (a scanned page among text pages), 1-based. */
  emptyPages: number[];
}

/** One run of text as pdf.js places it on the page (its `TextItem`). */
interface Run {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

/**
 * A line gap larger than this many font sizes starts a new paragraph. Body text is set at about 1.1–1.2× its size;
 * a paragraph break (or a heading's space before it) adds half a line or more, so 1.5 parts the two.
 */
const PARAGRAPH_GAP = 1.5;
/** A horizontal gap of more than this share of the font size between two runs is a word space pdf.js left out. */
const WORD_GAP = 0.15;
/**
 * A gap of more than this many font sizes between two runs on one line parts table cells (or tab stops): justified
 * text stretches a word space to about one em at most; a table's cells, with padding on both sides of a rule, stand
 * further apart (1.8 em in the Chromium-printed fixture).
 */
const CELL_GAP = 1.5;
/** A gap of more than this many font sizes parts cells where the next run starts on a column edge (columnStarts). */
const COLUMN_GAP = 0.5;
/** Runs starting at one x after a gap on this many lines make a column: a header row and two rows at least. */
const COLUMN_ROWS = 3;
/** A font size differing by more than this share from the line before starts a paragraph (a heading, a caption). */
const SIZE_CHANGE = 0.15;
/**
 * A document whose pages give fewer letters than this on average has no real text layer: a scan, whose few
 * "letters" are page numbers or stamps. Refused with its reason rather than indexed as an empty document.
 */
const MIN_LETTERS_PER_PAGE = 20;

interface Line {
  text: string;
  y: number;
  size: number;
}

// Marked-content items (begin/end tags) carry no text; text items have `str`.
const isRun = (i: unknown): i is Run => typeof i === 'object' && i !== null && 'str' in i;

const sizeOf = (r: Run) => Math.hypot(r.transform[2], r.transform[3]) || r.height;

/** What goes between two runs on one line `gap` apart: a cell separator, a space, or nothing (one word). */
function joiner(gap: number, size: number, spaced: boolean, column: boolean): string {
  if (gap > CELL_GAP * size || (column && gap > COLUMN_GAP * size)) return TABLE_CELL_SEPARATOR;
  return spaced || gap > WORD_GAP * size ? ' ' : '';
}

const xKey = (x: number) => Math.round(x);

/**
 * Where runs start after a gap on at least COLUMN_ROWS lines of the page: the left edges of a table's columns. A
 * cell narrower than its column stands a full gap from the next, but one that fills it may be only padding away.
 */
function columnStarts(runs: Run[]): Set<number> {
  const counts = new Map<number, number>();
  let prev: Run | undefined;
  for (const r of runs) {
    if (r.str.trim() === '') continue;
    const [x, y] = [r.transform[4], r.transform[5]];
    const size = sizeOf(r);
    const sameLine = prev && Math.abs(y - prev.transform[5]) <= size / 2;
    if (sameLine && x - (prev!.transform[4] + prev!.width) > COLUMN_GAP * size)
      counts.set(xKey(x), (counts.get(xKey(x)) ?? 0) + 1);
    prev = r;
  }
  return new Set([...counts].filter(([, n]) => n >= COLUMN_ROWS).map(([x]) => x));
}

/** The runs of one page as lines, in reading order as pdf.js gives it (a new line at hasEOL or a baseline move). */
function toLines(runs: Run[]): Line[] {
  const columns = columnStarts(runs);
  const lines: Line[] = [];
  let cur: (Line & { right: number }) | undefined;
  // A blank run is a space pdf.js saw; its width may span a table's column gap, so it sets no position.
  let spaced = false;
  for (const r of runs) {
    const [x, y] = [r.transform[4], r.transform[5]];
    const size = sizeOf(r);
    if (r.str.trim() === '') spaced ||= r.str !== '';
    else if (!cur || Math.abs(y - cur.y) > size / 2) {
      if (cur) lines.push(cur);
      cur = { text: r.str, y, size, right: x + r.width };
      spaced = false;
    } else {
      const blank = spaced || /\s$/.test(cur.text) || /^\s/.test(r.str);
      cur.text += joiner(x - cur.right, size, blank, columns.has(xKey(x))) + r.str;
      cur.right = x + r.width;
      cur.size = Math.max(cur.size, size);
      spaced = false;
    }
    if (r.hasEOL && cur) {
      lines.push(cur);
      cur = undefined;
    }
  }
  if (cur) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

/** Lines as paragraphs: a wide gap or a change of font size parts them; a line's hyphen at its end joins words. */
function toParagraphs(lines: Line[]): string[] {
  const paragraphs: string[] = [];
  let prev: Line | undefined;
  for (const line of lines) {
    const gap = prev ? Math.abs(prev.y - line.y) : Infinity;
    const resized = prev ? Math.abs(line.size - prev.size) > SIZE_CHANGE * prev.size : true;
    if (!prev || gap > PARAGRAPH_GAP * Math.max(line.size, prev.size) || resized) paragraphs.push(line.text);
    else {
      const last = paragraphs[paragraphs.length - 1];
      paragraphs[paragraphs.length - 1] = /\p{L}-$/u.test(last) ? last + line.text : `${last} ${line.text}`;
    }
    prev = line;
  }
  return paragraphs;
}

/** A metadata title worth showing: not empty, not a file name or a placeholder a tool wrote. */
function usableTitle(title: unknown): string | undefined {
  if (typeof title !== 'string') return undefined;
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t || /^untitled\b/i.test(t) || /\.(pdf|docx?|html?|txt|md)$/i.test(t) || /^Microsoft Word - /.test(t))
    return undefined;
  return t;
}

/** A line that is only a page number ("3", "- 3 -", "Page 3 of 9"): page furniture, not text. */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?(?:\s*[-–—])?$/i;
/** A top or bottom line found on at least this share of pages (two at least) is a running header or footer. */
const RUNNING_SHARE = 0.5;

/**
 * A page's top and bottom lines, by position: where headers and footers are, wherever the file's content stream
 * puts them (Chromium writes its header and footer last).
 */
function edges(lines: Line[]): Line[] {
  if (!lines.length) return [];
  const top = lines.reduce((a, b) => (b.y > a.y ? b : a));
  const bottom = lines.reduce((a, b) => (b.y < a.y ? b : a));
  return top === bottom ? [top] : [top, bottom];
}

/** Each page's lines without page numbers and running headers and footers (the same line atop most pages). */
function withoutFurniture(pages: Line[][]): Line[][] {
  const counts = new Map<string, number>();
  // Numbers vary from page to page in a running line ("1/3", "Page 2"): they do not make it another line.
  const key = (l: Line) => l.text.replace(/\d+/g, '#');
  for (const lines of pages) {
    for (const k of new Set(edges(lines).map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const running = (l: Line) => (counts.get(key(l)) ?? 0) >= Math.max(2, RUNNING_SHARE * pages.length);
  return pages.map((lines) => {
    const furniture = new Set(edges(lines).filter((l) => PAGE_NUMBER.test(l.text) || running(l)));
    return lines.filter((l) => !furniture.has(l));
  });
}

/** Where a page ends mid-sentence and the next goes on in lower case, the two are one paragraph. */
const continues = (before: string, after: string) => /[\p{L},;]$/u.test(before) && /^\p{Ll}/u.test(after);

type PdfModule = typeof Unpdf;
type PdfProxy = Awaited<ReturnType<PdfModule['getDocumentProxy']>>;

async function openPdf(bytes: Uint8Array, path: string): Promise<{ pdf: PdfProxy; mod: PdfModule }> {
  const mod: PdfModule = await import('unpdf');
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: it gets a copy.
    return { pdf: await mod.getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 }), mod };
  } catch (e) {
    const why = (e as Error).name === 'PasswordException' ? 'is password-protected' : 'cannot be read as a PDF';
    throw new DocumentSkipped(path, `${why} (${(e as Error).message})`);
  }
}

/** The pages' texts joined by blank lines (a sentence running over a page break stays one), and each page's start. */
function joinPages(texts: string[]): { text: string; pageStarts: number[] } {
  let text = '';
  const pageStarts: number[] = [];
  for (const t of texts) {
    if (text && t) text += continues(text, t) ? ' ' : '\n\n';
    pageStarts.push(text.length);
    text += t;
  }
  return { text, pageStarts };
}

/** The text of a PDF with where each page starts; a file that is no PDF or has no text layer is skipped. */
export async function pdfToText(bytes: Uint8Array, path: string): Promise<PdfText> {
  const { pdf, mod } = await openPdf(bytes, path);
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      pages.push(toLines((content.items as unknown[]).filter(isRun)));
    }
    const texts = withoutFurniture(pages).map((lines) => toParagraphs(lines).join('\n\n'));
    const { text, pageStarts } = joinPages(texts);
    if ((text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS_PER_PAGE * pdf.numPages)
      throw new DocumentSkipped(path, 'has no text layer (a scanned PDF?): run OCR on it first');
    const emptyPages = texts.flatMap((t, i) => (/\p{L}/u.test(t) ? [] : [i + 1]));
    const { info } = await mod.getMeta(pdf);
    const title = usableTitle((info as Record<string, unknown> | undefined)?.Title);
    return { text, pageStarts, emptyPages, ...(title ? { title } : {}) };
  } finally {
    await pdf.destroy();
  }
}
