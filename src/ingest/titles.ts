import { basename, extname } from 'node:path';

/** Longest heading line or sentence taken whole as a title: about what a source list shows on one line. */
const TITLE_MAX = 100;
/** A file name's trailing date ("hama-2024-12-06"): the document's date says it, the title need not. */
const TRAILING_DATE = /[-_ ]*\d{4}-\d{2}-\d{2}$/;

/** The file name as words: "travel_policy-2024-03-01.txt" → "Travel policy". */
function fromFileName(path: string): string {
  const stem = basename(path, extname(path));
  const words = (stem.replace(TRAILING_DATE, '') || stem).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A heading-like first line, else the first sentence when it is short enough to show whole, else the file name: a
 * title is never a sentence cut off in the middle.
 */
export function inferTitle(text: string, path: string): string {
  const firstLine = text
    .split('\n', 1)[0]
    .trim()
    .replace(/^#+\s*/, '');
  if (firstLine && firstLine.length <= TITLE_MAX && !/[.!?:;,]$/.test(firstLine)) return firstLine;
  const sentence = /^(.+?[.!?])(\s|$)/s.exec(text.trim())?.[1]?.replace(/\s+/g, ' ');
  if (sentence && sentence.length <= TITLE_MAX) return sentence;
  return fromFileName(path);
}
