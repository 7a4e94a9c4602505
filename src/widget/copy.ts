import type { Answer } from '../types.js';
import { formatDate } from './dates.js';
import { h } from './dom.js';

/** The answer as plain text with its sources under it, as a reader would paste it into a message or a note. */
export function answerAsText(answer: Answer): string {
  if (!answer.citations.length) return answer.answer;
  const sources = [...answer.citations]
    .sort((a, b) => a.n - b.n)
    .map((c) => {
      const where = [formatDate(c.date), c.page !== undefined ? `p. ${c.page}` : undefined].filter(Boolean);
      return `[${c.n}] ${c.title}${where.length ? ` (${where.join(', ')})` : ''}: “${c.quote}”`;
    });
  return `${answer.answer}\n\nSources:\n${sources.join('\n')}`;
}

/**
 * Writes text to the clipboard. The Clipboard API exists only in secure contexts (HTTPS, localhost), and a widget
 * is often served over plain HTTP on an intranet, so without it the text is copied from a selected, unseen textarea.
 */
export async function writeClipboard(text: string, within: Node): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // denied (no user activation, a permissions policy): fall back below
    }
  }
  const area = h('textarea', { class: 'sr', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  area.value = text;
  within.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}
