import type { IndexedDocument } from '../index/index.js';
import { analyze, isListItem, isMarkdownHeading, isTableRow } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';

/**
 * A heading is short ("Holm Skerry ferry", "INSTALLATION STEPS"): the longest in the tuning documents has 11 words (an
 * FAQ's question); a longer line is more likely prose. The same bound as a table's caption (src/rag/table-context.ts).
 */
const MAX_HEADING_WORDS = 12;

/** A plain line that ends as a sentence is prose; a Markdown `#` line is a heading whatever its end (a question). */
const ENDS_SENTENCE = /[.!?:;,…]["”’)\]]*$/;

/** How far around a line to look for the blank lines that make it a paragraph of its own. */
const LOOK_AROUND = 8;
const BLANK_BEFORE = /(?:^|\n[ \t]*\r?\n)[ \t]*$/;
const BLANK_AFTER = /^[ \t]*(?:\r?\n[ \t]*\r?\n|\r?\n?$)/;

/**
 * Whether sentence `k` of `d` is a heading: a Markdown `#` line, or a short paragraph of one line (an HTML heading is
 * read as one) that is not a list item or row and does not end as prose. A line inside a block ("Sunday: closed"
 * under "Opening hours:") is not one.
 */
function isHeading(d: IndexedDocument, k: number): boolean {
  const { start, end } = d.sentences[k];
  const text = d.text.slice(start, end).trim();
  const line = (start === 0 || d.text[start - 1] === '\n') && (end >= d.text.length || /[\r\n]/.test(d.text[end]));
  if (!line || !text || isTableRow(text)) return false;
  if (isMarkdownHeading(text)) return true;
  const alone =
    BLANK_BEFORE.test(d.text.slice(Math.max(0, start - LOOK_AROUND), start)) &&
    BLANK_AFTER.test(d.text.slice(end, end + LOOK_AROUND));
  if (!alone || text.includes('\n') || isListItem(text) || ENDS_SENTENCE.test(text)) return false;
  return text.split(/\s+/).length <= MAX_HEADING_WORDS && /\p{L}/u.test(text);
}

/** For each sentence of a document, the index of the heading it sits under (-1 when none); each document once. */
const headingsOf = new WeakMap<IndexedDocument, Int32Array>();

function headingIndex(d: IndexedDocument): Int32Array {
  let at = headingsOf.get(d);
  if (at) return at;
  at = new Int32Array(d.sentences.length);
  let current = -1;
  for (let k = 0; k < d.sentences.length; k++) {
    const heading = isHeading(d, k);
    at[k] = heading ? -1 : current;
    if (heading) current = k;
  }
  headingsOf.set(d, at);
  return at;
}

/**
 * The words of the heading a sentence sits under, which say what the sentence is about when it does not name it:
 * "It is operated by Skerry Boats Ltd" under "Holm Skerry ferry". Undefined for a heading itself and for a sentence
 * before the first heading.
 */
export function sectionHeading(d: IndexedDocument, index: number): Token[] | undefined {
  const k = headingIndex(d)[index];
  if (k < 0) return undefined;
  // analyze() keeps what it read: every sentence of a section gets the same heading tokens.
  return analyze(d.text.slice(d.sentences[k].start, d.sentences[k].end).replace(/^ {0,3}#+/, '')).tokens;
}

/** The text of each heading of a document, in order, without Markdown's `#` (the starter questions read them). */
export function headingTexts(d: IndexedDocument): string[] {
  const out: string[] = [];
  for (let k = 0; k < d.sentences.length; k++)
    if (isHeading(d, k))
      out.push(
        d.text
          .slice(d.sentences[k].start, d.sentences[k].end)
          .replace(/^\s*#+\s*/, '')
          .trim(),
      );
  return out;
}
