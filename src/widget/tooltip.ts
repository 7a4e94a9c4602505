import type { Citation } from '../types.js';
import { formatDate } from './dates.js';
import { h } from './dom.js';

const MAX_QUOTE = 360;

/** One floating tooltip for every citation chip: the verbatim quote, its source title and date. */
export class Tooltip {
  readonly el = h('div', { class: 'tip', role: 'tooltip', id: 'cited-tip', hidden: true });
  private anchor?: HTMLElement;

  get anchoredTo(): HTMLElement | undefined {
    return this.anchor;
  }

  show(anchor: HTMLElement, c: Citation): void {
    this.hide();
    const quote = c.quote.length > MAX_QUOTE ? `${c.quote.slice(0, MAX_QUOTE).trimEnd()}…` : c.quote;
    const where = [formatDate(c.date), c.page !== undefined ? `p. ${c.page}` : undefined].filter(Boolean).join(' · ');
    this.el.replaceChildren(h('q', {}, quote), h('span', {}, c.title), ...(where ? [h('span', {}, where)] : []));
    this.el.hidden = false;
    this.anchor = anchor;
    anchor.setAttribute('aria-describedby', this.el.id);
    this.place(anchor);
  }

  hide(): void {
    this.el.hidden = true;
    this.anchor?.removeAttribute('aria-describedby');
    this.anchor = undefined;
  }

  /** Above the chip when it fits, else below; always inside the viewport. */
  private place(anchor: HTMLElement): void {
    const a = anchor.getBoundingClientRect();
    const t = this.el.getBoundingClientRect();
    const gap = 8;
    const top =
      a.top - t.height - gap >= gap ? a.top - t.height - gap : Math.min(a.bottom + gap, innerHeight - t.height - gap);
    const left = Math.min(Math.max(gap, a.left + a.width / 2 - t.width / 2), innerWidth - t.width - gap);
    this.el.style.top = `${Math.max(gap, top)}px`;
    this.el.style.left = `${Math.max(gap, left)}px`;
  }
}
