import { isoDate } from './iso-date.js';

const DATE_LINE = /^\s*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*(?:\r?\n|$)|[ \t]+)/i;

/**
 * A document may open with `date YYYY-MM-DD`: that is its date, not its text. The shipped article has it
 * on the same line as the first sentence, so a space ends it as well as a newline.
 */
export function splitDateLine(raw: string): { date?: string; text: string } {
  const m = DATE_LINE.exec(raw);
  if (!m || !isoDate(m[1])) return { text: raw };
  return { date: m[1], text: raw.slice(m[0].length).replace(/^\s+/, '') };
}
