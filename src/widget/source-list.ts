import type { Citation } from '../types.js';
import { formatDate } from './dates.js';
import { h } from './dom.js';

/** Which citation a source row opens; the chat's delegated click listener looks rows up here. */
export const rowCitations = new WeakMap<Element, Citation>();

interface CitedSource {
  citations: Citation[];
  pages: number[];
}

/** Citations grouped by document, in the order the answer first cites each. */
function bySource(citations: Citation[]): CitedSource[] {
  const docs = new Map<string, CitedSource>();
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    const doc = docs.get(c.docId) ?? { citations: [], pages: [] };
    doc.citations.push(c);
    if (c.page !== undefined && !doc.pages.includes(c.page)) doc.pages.push(c.page);
    docs.set(c.docId, doc);
  }
  return [...docs.values()];
}

const pagesLabel = (pages: number[]) =>
  pages.length === 0
    ? undefined
    : `${pages.length === 1 ? 'p.' : 'pp.'} ${[...pages].sort((a, b) => a - b).join(', ')}`;

/**
 * One row per cited document: its citation numbers, title, date (when it is not the as-of date shown above) and
 * pages. A row is a button that opens its first quote in context.
 */
function row(doc: CitedSource, asOf: string | undefined): HTMLLIElement {
  const first = doc.citations[0];
  const date = first.date && first.date !== asOf ? formatDate(first.date) : undefined;
  const meta = [date, pagesLabel(doc.pages)].filter(Boolean).join(' · ');
  const numbers = doc.citations.map((c) => c.n).join(', ');
  const button = h(
    'button',
    {
      class: 'src-row',
      type: 'button',
      'aria-label': `Source ${numbers}: ${first.title}${meta ? `, ${meta}` : ''}. Show the quote in context`,
    },
    h('span', { class: 'src-n', 'aria-hidden': 'true' }, numbers),
    h('span', { class: 'src-title' }, first.title),
    meta ? h('span', { class: 'src-meta' }, meta) : null,
  );
  rowCitations.set(button, first);
  return h('li', {}, button);
}

/** The as-of line and the compact list of sources under an answer; nothing for an answer that cites nothing. */
export function sourceFooter(citations: Citation[], asOf: string | undefined): HTMLElement | undefined {
  const date = formatDate(asOf);
  if (!citations.length && !date) return undefined;
  const sources = bySource(citations);
  return h(
    'div',
    { class: 'sources' },
    date ? h('span', { class: 'meta' }, `As of ${date}`) : null,
    sources.length
      ? h('ol', { class: 'src-list', 'aria-label': 'Sources' }, ...sources.map((s) => row(s, asOf)))
      : null,
  );
}
