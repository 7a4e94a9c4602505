import type { Answer } from '../types.js';
import { Client } from './api.js';
import { LengthGuard } from './composer.js';
import type { WidgetConfig } from './config.js';
import { Conversation } from './conversation.js';
import { answerAsText, writeClipboard } from './copy.js';
import { h } from './dom.js';
import { ChatError, friendlyMessage } from './errors.js';
import { withoutMarkers } from '../citation-markers.js';
import { formatDate } from './dates.js';
import { AssistantMessage, chipCitations } from './message-view.js';
import type { PanelParts } from './panel.js';
import { QuoteView } from './quote-view.js';
import { rowCitations } from './source-list.js';
import { HOVER_NONE, howToReadQuotes, starterChips } from './starters.js';
import { Tooltip } from './tooltip.js';

/** The conversation's behaviour: opening and closing, asking, streaming, stopping, retrying, citations. */
export class Chat {
  private readonly client: Client;
  private readonly conversation = new Conversation();
  private readonly tooltip = new Tooltip();
  private readonly quote: QuoteView;
  private readonly length: LengthGuard;
  private inFlight?: AbortController;
  private retryButton?: HTMLButtonElement;

  constructor(
    private readonly cfg: WidgetConfig,
    private readonly ui: PanelParts,
  ) {
    this.client = new Client(cfg.endpoint, cfg.apiKey);
    this.quote = new QuoteView(this.client, () => ui.input);
    this.length = new LengthGuard(ui.input, ui.count);
    ui.panel.append(this.quote.el);
    ui.root.append(this.tooltip.el);
    this.wire();
    this.followPointer();
    void this.loadStarters();
  }

  get isOpen(): boolean {
    return !this.ui.panel.hidden;
  }

  /** `focus: false` when opening on page load: a widget must not steal the host page's focus. */
  open(focus = true): void {
    this.ui.panel.hidden = false;
    this.ui.launcher.hidden = true;
    this.ui.launcher.setAttribute('aria-expanded', 'true');
    if (focus) this.ui.input.focus();
  }

  close(): void {
    if (this.cfg.page) return;
    this.tooltip.hide();
    this.quote.close();
    this.ui.panel.hidden = true;
    this.ui.launcher.hidden = false;
    this.ui.launcher.setAttribute('aria-expanded', 'false');
    this.ui.launcher.focus();
  }

  private wire(): void {
    const { ui } = this;
    ui.launcher.addEventListener('click', () => this.open());
    ui.close.addEventListener('click', () => this.close());
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    ui.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter is a newline; an IME composing text needs its Enter for itself.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    ui.input.addEventListener('input', () => {
      this.fitInput();
      this.length.update();
    });
    ui.stop.addEventListener('click', () => this.inFlight?.abort());
    ui.newChat.addEventListener('click', () => this.newChat());
    ui.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.escape(e);
    });
    // Chips are re-created as text streams in, so their listeners are delegated to the conversation.
    const chipOf = (e: Event) => (e.target instanceof Element ? e.target.closest<HTMLElement>('.chip') : null);
    const show = (e: Event) => {
      const chip = chipOf(e);
      const c = chip && chipCitations.get(chip);
      if (chip && c) this.tooltip.show(chip, c);
    };
    const hide = (e: Event) => {
      if (chipOf(e) === this.tooltip.anchoredTo) this.tooltip.hide();
    };
    ui.log.addEventListener('mouseover', show);
    ui.log.addEventListener('focusin', show);
    ui.log.addEventListener('mouseout', hide);
    ui.log.addEventListener('focusout', hide);
    ui.log.addEventListener('scroll', () => this.tooltip.hide(), { passive: true });
    ui.log.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target.closest<HTMLElement>('.chip, .src-row') : null;
      const c = target && (chipCitations.get(target) ?? rowCitations.get(target));
      if (!target || !c) return;
      this.tooltip.hide();
      void this.quote.open(c, target);
    });
  }

  /** The greeting says "tap" where nothing hovers (a phone), "hover" where a pointer does; it follows a change. */
  private followPointer(): void {
    const touch = matchMedia(HOVER_NONE);
    const say = () => (this.ui.hint.textContent = howToReadQuotes(touch.matches));
    say();
    touch.addEventListener?.('change', say);
  }

  private async loadStarters(): Promise<void> {
    try {
      const chips = starterChips(await this.client.suggestions(), (q) => this.send(q));
      if (chips) this.ui.startersSlot.replaceChildren(chips);
    } catch (e) {
      // Starters are a convenience: without them the chat works. A site that may not use the API is told at once.
      if (e instanceof ChatError && e.kind === 'origin-denied')
        this.ui.startersSlot.replaceChildren(h('span', { class: 'note', role: 'alert' }, friendlyMessage(e)));
    }
  }

  /** Clears the conversation and its history: the next question is asked afresh. */
  private newChat(): void {
    this.inFlight?.abort();
    this.quote.close();
    this.tooltip.hide();
    this.retryButton = undefined;
    this.conversation.clear();
    this.ui.log.replaceChildren(this.ui.greeting);
    this.ui.startersSlot.hidden = false;
    this.ui.log.scrollTop = 0;
    this.ui.input.focus();
    this.announce('New chat.');
  }

  private async copy(answer: Answer): Promise<boolean> {
    const ok = await writeClipboard(answerAsText(answer), this.ui.root);
    this.announce(ok ? 'Copied the answer and its sources.' : 'Couldn’t copy; select the text to copy it.');
    return ok;
  }

  /** Esc closes the innermost thing: the quote, a tooltip the keyboard opened, then the panel. */
  private escape(e: KeyboardEvent): void {
    const focused = (this.ui.root.getRootNode() as ShadowRoot).activeElement;
    if (this.quote.isOpen) this.quote.close();
    else if (this.tooltip.anchoredTo && this.tooltip.anchoredTo === focused) this.tooltip.hide();
    else if (this.isOpen && !this.cfg.page) this.close();
    else return; // not ours: let the host page have its Escape
    e.stopPropagation();
  }

  private fitInput(): void {
    const input = this.ui.input;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  }

  /** Sends what is typed, or a starter question. */
  private send(starter?: string): void {
    if (this.inFlight) return;
    if (starter === undefined && this.length.over) {
      this.length.update();
      this.announce(this.ui.count.textContent ?? '');
      return;
    }
    const question = starter ?? this.ui.input.value.trim();
    if (!question) return;
    if (starter === undefined) {
      this.ui.input.value = '';
      this.fitInput();
      this.length.update();
    }
    this.ui.startersSlot.hidden = true;
    this.ui.log.append(h('li', { class: 'msg user' }, question));
    void this.ask(question);
  }

  private async ask(question: string): Promise<void> {
    this.retryButton?.remove();
    this.retryButton = undefined;
    const message = new AssistantMessage((answer) => this.copy(answer));
    this.ui.log.append(message.el);
    this.scroll(true);
    const ctrl = new AbortController();
    this.setBusy(ctrl);
    this.announce('Answering…');
    try {
      const answer = await this.client.ask(question, this.conversation.history(), ctrl.signal, {
        onSources: (s) => message.reading(s.length),
        onDelta: (t) => {
          message.append(t);
          this.scroll();
        },
        onCitations: (c) => message.setCitations(c),
      });
      message.finish(answer);
      // The final render replaced the chips; a tooltip must not stay pinned to one that is gone.
      if (!this.tooltip.anchoredTo?.isConnected) this.tooltip.hide();
      this.conversation.add(question, answer.answer);
      const asOf = formatDate(answer.asOf);
      const refused = answer.refused ? 'Not in the sources. ' : '';
      this.announce(`${refused}${withoutMarkers(answer.answer)}${asOf ? ` As of ${asOf}.` : ''}`);
    } catch (e) {
      if (ctrl.signal.aborted) {
        message.stopped();
        this.announce('Stopped.');
      } else {
        const err = e instanceof ChatError ? e : new ChatError('network', String(e));
        this.retryButton = message.failed(err, () => {
          message.el.remove();
          this.ui.input.focus();
          void this.ask(question);
        });
        this.announce(''); // the error message is itself an alert; announcing it twice would repeat it
      }
    } finally {
      this.setBusy(undefined);
      this.scroll();
    }
  }

  private setBusy(ctrl: AbortController | undefined): void {
    const { send, stop, input } = this.ui;
    const stopHadFocus = (this.ui.root.getRootNode() as ShadowRoot).activeElement === stop;
    this.inFlight = ctrl;
    send.hidden = !!ctrl;
    stop.hidden = !ctrl;
    if (stopHadFocus) input.focus();
  }

  private announce(text: string): void {
    this.ui.live.textContent = text;
  }

  /** Follows the stream only while the reader is at the bottom, so scrolling up to reread is not yanked back. */
  private scroll(force = false): void {
    const log = this.ui.log;
    if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
  }
}
