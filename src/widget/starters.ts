import { h } from './dom.js';

/** The starter questions as buttons under the greeting; `ask` sends the one chosen. */
export function starterChips(questions: string[], ask: (question: string) => void): HTMLElement | undefined {
  if (!questions.length) return undefined;
  const chips = questions.map((q) => {
    const b = h('button', { class: 'starter', type: 'button' }, q);
    b.addEventListener('click', () => ask(q));
    return h('li', {}, b);
  });
  return h('ul', { class: 'starters', 'aria-label': 'Suggested questions' }, ...chips);
}

/** "hover" means nothing on a phone: there, chips and sources are tapped. */
export const HOVER_NONE = '(hover: none)';

export function howToReadQuotes(touch: boolean): string {
  return touch
    ? 'Tap a numbered chip or a source to read its quote in context.'
    : 'Hover or focus a numbered chip to see its quote; click it or a source to read the quote in context.';
}
