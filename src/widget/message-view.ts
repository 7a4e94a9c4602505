import type { Answer, Citation } from '../types.js';
import { paragraphs } from './answer-text.js';
import { formatDate } from './dates.js';
import { h, icon, ICONS } from './dom.js';
import type { ChatError } from './errors.js';
import { friendlyMessage } from './errors.js';
import { splitMarkers } from './markers.js';
import { sourceFooter } from './source-list.js';

/** Which citation a chip stands for; the chat's delegated listeners look chips up here. */
export const chipCitations = new WeakMap<Element, Citation>();

/**
 * One assistant turn: a waiting indicator, then streamed text, then the final answer (or a refusal, an error,
 * or a stop). Server text only ever enters the DOM as text nodes.
 */
export class AssistantMessage {
  readonly el = h('li', { class: 'msg bot', 'aria-busy': 'true' });
  private body = h('div', { class: 'body' }, h('span', { class: 'pending dots' }, 'Searching the documents'));
  private raw = '';
  private citations = new Map<number, Citation>();
  /** Until `done` says who answered, the text is read as the offline answerer writes it. */
  private quotes = true;

  /** `copy` puts a finished answer on the clipboard and says whether it could. */
  constructor(private readonly copy: (answer: Answer) => Promise<boolean>) {
    this.el.append(this.body);
  }

  reading(passages: number): void {
    if (!this.raw)
      this.body.replaceChildren(
        h(
          'span',
          { class: 'pending dots' },
          passages ? `Reading ${passages} passage${passages === 1 ? '' : 's'}` : 'Thinking',
        ),
      );
  }

  append(delta: string): void {
    this.raw += delta;
    this.render();
  }

  setCitations(citations: Citation[]): void {
    this.citations = new Map(citations.map((c) => [c.n, c]));
    this.render();
  }

  /** The `done` answer is authoritative: its text replaces whatever was streamed. */
  finish(answer: Answer): void {
    this.raw = answer.answer;
    this.quotes = answer.mode === 'extractive';
    this.setCitations(answer.citations);
    this.el.removeAttribute('aria-busy');
    if (answer.refused) {
      this.el.classList.add('refused');
      this.el.dataset.refused = 'true';
      this.el.prepend(h('div', { class: 'label' }, icon(ICONS.info), 'Not in the sources'));
      if (answer.related?.length) this.el.append(closestPassages(answer.related));
    }
    const footer = sourceFooter(answer.citations, answer.asOf);
    if (footer) this.el.append(footer);
    if (answer.degraded)
      this.el.append(
        h('span', { class: 'note' }, 'The language model was unavailable; this answer was extracted from the sources.'),
      );
    if (answer.unsupported?.length)
      this.el.append(h('span', { class: 'note' }, 'Statements the sources do not support were left out.'));
    this.el.append(this.actions(answer));
  }

  private actions(answer: Answer): HTMLElement {
    const label = h('span', {}, 'Copy');
    const button = h(
      'button',
      { class: 'act copy', type: 'button', 'aria-label': 'Copy the answer and its sources' },
      icon(ICONS.copy),
      label,
    );
    button.addEventListener('click', () => {
      void this.copy(answer).then((ok) => (label.textContent = ok ? 'Copied' : 'Copy failed'));
    });
    return h('div', { class: 'actions' }, button);
  }

  stopped(): void {
    this.el.removeAttribute('aria-busy');
    if (!this.raw) this.body.replaceChildren();
    this.el.append(h('span', { class: 'note' }, this.raw ? 'Stopped.' : 'Stopped before an answer arrived.'));
  }

  /** Shows the error kindly; `retry` gets a button unless the error is one retrying cannot fix. */
  failed(error: ChatError, retry: () => void): HTMLButtonElement | undefined {
    this.el.removeAttribute('aria-busy');
    this.el.classList.add('error');
    this.el.setAttribute('role', 'alert');
    this.body.replaceChildren(friendlyMessage(error));
    // A site that may not use the API stays refused however often it retries: only its owner can change that.
    if (error.kind === 'origin-denied') return undefined;
    const button = h('button', { class: 'retry', type: 'button' }, 'Retry');
    button.addEventListener('click', retry);
    this.el.append(h('div', {}, button));
    return button;
  }

  /** Prose as paragraphs, quoted sentences as a quote; markers become chips in both. */
  private render(): void {
    const cited = [...this.citations.values()].map((c) => c.quote);
    const blocks = paragraphs(this.raw, this.quotes, cited).map((p) => {
      const nodes = splitMarkers(p.text).map((s) => ('text' in s ? s.text : this.chip(s.n)));
      return p.quoted ? h('blockquote', { class: 'said' }, ...nodes) : h('p', {}, ...nodes);
    });
    this.body.replaceChildren(...blocks);
  }

  private chip(n: number): HTMLButtonElement {
    const c = this.citations.get(n);
    // Until the citations arrive a marker is a placeholder chip; it becomes live with its quote.
    const chip = h(
      'button',
      {
        class: 'chip',
        type: 'button',
        disabled: !c,
        'aria-label': c ? `Source ${n}: ${c.title}. Show the quote in context` : `Source ${n}`,
      },
      String(n),
    );
    if (c) chipCitations.set(chip, c);
    return chip;
  }
}

/** What the documents do say near a question they do not answer: each passage quoted, with its document and date. */
function closestPassages(related: Citation[]): HTMLElement {
  const items = related.map((c) => {
    const date = formatDate(c.date);
    return h('li', {}, h('q', {}, c.quote), h('span', { class: 'meta' }, date ? `${c.title}, ${date}` : c.title));
  });
  return h(
    'div',
    { class: 'related' },
    h('div', { class: 'related-title' }, 'Closest passages'),
    h('ul', {}, ...items),
  );
}
