import type { Citation } from '../types.js';
import type { Client } from './api.js';
import { quoteContext } from './context.js';
import { formatDate } from './dates.js';
import { h, icon, ICONS, safeHref } from './dom.js';
import { ChatError, friendlyMessage } from './errors.js';

/** The quote in context: the cited document around the quote, the quote itself in a <mark>. */
export class QuoteView {
  private back = h(
    'button',
    { class: 'icon-btn', type: 'button', 'aria-label': 'Close the quote and go back to the chat' },
    icon(ICONS.close),
  );
  private source = h('div', { class: 'src' });
  private ctx = h('div', { class: 'ctx', id: 'cited-ctx', tabindex: '0', 'aria-label': 'The quote in its document' });
  readonly el = h(
    'div',
    {
      class: 'quote',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'cited-quote-title',
      'aria-describedby': 'cited-ctx',
      hidden: true,
    },
    h('header', {}, h('h3', { id: 'cited-quote-title' }, 'Quote in context'), this.back),
    this.source,
    this.ctx,
  );
  private returnTo?: HTMLElement;
  private opened = 0;

  constructor(
    private readonly client: Client,
    private readonly fallbackFocus: () => HTMLElement,
  ) {
    this.back.addEventListener('click', () => this.close());
    this.el.addEventListener('keydown', (e) => this.trapTab(e));
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  async open(c: Citation, from: HTMLElement): Promise<void> {
    const ticket = ++this.opened;
    this.returnTo = from;
    const where = [formatDate(c.date), c.page !== undefined ? `p. ${c.page}` : undefined].filter(Boolean);
    this.source.replaceChildren([c.title, ...where].join(' · '));
    this.ctx.replaceChildren(h('span', { class: 'pending dots' }, 'Loading the document'));
    this.el.hidden = false;
    this.back.focus();
    try {
      const doc = await this.client.document(c.docId);
      if (ticket !== this.opened) return;
      const href = safeHref(doc.url);
      if (href)
        this.source.append(' · ', h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, 'Open the original'));
      const part = quoteContext(doc.text, c.quote, c.start, c.end);
      const mark = h('mark', {}, part.quote);
      this.ctx.replaceChildren(part.before, mark, part.after);
      if (!part.exact)
        this.ctx.prepend(
          h(
            'span',
            { class: 'note' },
            'This document has changed since the answer; here is the quote as it was cited.\n',
          ),
        );
      // Scroll only the context box: scrollIntoView could also scroll the host page behind the widget.
      this.ctx.scrollTop = Math.max(0, mark.offsetTop - this.ctx.clientHeight / 3);
    } catch (e) {
      if (ticket !== this.opened) return;
      const err = e instanceof ChatError ? e : new ChatError('network', String(e));
      this.ctx.replaceChildren(friendlyMessage(err), '\n\n', h('q', {}, c.quote));
    }
  }

  close(): void {
    if (!this.isOpen) return;
    this.opened++;
    this.el.hidden = true;
    const target = this.returnTo?.isConnected ? this.returnTo : this.fallbackFocus();
    this.returnTo = undefined;
    target.focus();
  }

  /** A modal view keeps Tab inside itself. */
  private trapTab(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const focusable = [...this.el.querySelectorAll<HTMLElement>('button, a[href], [tabindex="0"]')];
    const root = this.el.getRootNode() as ShadowRoot;
    const at = focusable.indexOf(root.activeElement as HTMLElement);
    const next = e.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : (at + 1) % focusable.length;
    e.preventDefault();
    focusable[next]?.focus();
  }
}
