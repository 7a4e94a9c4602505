import { numberWordValue } from '../nlp/index.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2024-12-06" → "6 December 2024" (dates are calendar dates: no time zone shifts). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function shift(iso: string, days: number): string {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

// "a day ago", "an hour ago": the article counts one.
const toNumber = (w: string): number | undefined => {
  const lower = w.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return lower === 'a' || lower === 'an' ? 1 : numberWordValue(lower);
};

export interface ResolvedDate {
  /** Human phrase, e.g. "around 28 November 2024". */
  text: string;
  iso?: string;
}

/**
 * Resolves a relative time expression against a document's date, or undefined when it is not relative.
 * News text says "eight days ago" meaning the publication date minus eight days.
 */
export function resolveRelative(expression: string, anchor: string): ResolvedDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(anchor) || Number.isNaN(Date.parse(anchor))) return undefined;
  const e = expression.toLowerCase().trim();
  let m = /\b(\w+)\s+(day|week|month|year)s?\s+ago\b/.exec(e);
  if (m) {
    const n = toNumber(m[1]);
    if (n === undefined) return undefined;
    const days = { day: 1, week: 7, month: 30, year: 365 }[m[2] as 'day'] * n;
    const iso = shift(anchor, -days);
    return {
      iso,
      text:
        m[2] === 'day' || m[2] === 'week'
          ? `around ${formatDate(iso)}`
          : `around ${MONTHS[+iso.slice(5, 7) - 1]} ${iso.slice(0, 4)}`,
    };
  }
  if (/\byesterday\b/.test(e)) return { iso: shift(anchor, -1), text: formatDate(shift(anchor, -1)) };
  if (/\btoday\b|\btonight\b/.test(e)) return { iso: anchor, text: formatDate(anchor) };
  if (/\blast week\b/.test(e))
    return { iso: shift(anchor, -7), text: `the week of ${formatDate(monday(shift(anchor, -7)))}` };
  if (/\b(earlier )?this week\b/.test(e))
    return { iso: monday(anchor), text: `the week of ${formatDate(monday(anchor))}` };
  if (/\blast month\b/.test(e)) {
    const iso = shift(anchor.slice(0, 8) + '01', -1);
    return { iso, text: `${MONTHS[+iso.slice(5, 7) - 1]} ${iso.slice(0, 4)}` };
  }
  if (/\blast year\b/.test(e)) return { text: String(+anchor.slice(0, 4) - 1) };
  m = /\b(\w+)[- ]years?[- ]old\b|\b(\w+)-year\b/.exec(e);
  if (m) {
    const n = toNumber(m[1] ?? m[2]);
    if (n !== undefined) return { text: `since about ${+anchor.slice(0, 4) - n}` };
  }
  return undefined;
}

function monday(iso: string): string {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return shift(iso, -((day + 6) % 7));
}
