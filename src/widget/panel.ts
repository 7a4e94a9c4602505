import type { WidgetConfig } from './config.js';
import { h, icon, ICONS } from './dom.js';

export interface PanelParts {
  root: HTMLDivElement;
  launcher: HTMLButtonElement;
  panel: HTMLDivElement;
  close: HTMLButtonElement;
  newChat: HTMLButtonElement;
  log: HTMLOListElement;
  /** The greeting: the first message of every chat, with how to read quotes and the starter questions. */
  greeting: HTMLLIElement;
  hint: HTMLElement;
  startersSlot: HTMLElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  stop: HTMLButtonElement;
  /** The question's length near and over the limit. */
  count: HTMLElement;
  live: HTMLDivElement;
}

/** The static skeleton: launcher, panel (header, conversation, composer) and a live region. */
export function buildPanel(cfg: WidgetConfig): PanelParts {
  const launcher = h(
    'button',
    {
      class: 'launcher',
      type: 'button',
      'aria-label': `Open chat: ${cfg.title}`,
      'aria-expanded': 'false',
      'aria-controls': 'cited-panel',
    },
    icon(ICONS.chat),
  );
  const close = h(
    'button',
    { class: 'icon-btn', type: 'button', 'aria-label': 'Close chat', hidden: cfg.page },
    icon(ICONS.close),
  );
  // Labelled in words on the wide page, where an unexplained pencil is a guess; an icon alone in the small panel.
  const newChat = h(
    'button',
    { class: 'icon-btn new-chat', type: 'button', 'aria-label': 'New chat', title: 'New chat' },
    icon(ICONS.newChat),
    h('span', { class: 'btn-label', 'aria-hidden': 'true' }, 'New chat'),
  );
  const hint = h('span', { class: 'hint' });
  const startersSlot = h('div', { class: 'starter-slot' });
  const greeting = h('li', { class: 'msg bot greet' }, h('p', {}, cfg.greeting), hint, startersSlot);
  const log = h('ol', { class: 'log', 'aria-label': 'Conversation' }, greeting);
  // No maxlength: it cuts a long paste silently; the counter says the limit instead (composer.ts).
  const input = h('textarea', {
    rows: '1',
    'aria-label': 'Your question',
    'aria-describedby': 'cited-count',
    placeholder: cfg.placeholder,
    enterkeyhint: 'send',
  });
  const send = h('button', { class: 'send', type: 'submit', 'aria-label': 'Send question' }, icon(ICONS.send));
  const stop = h(
    'button',
    { class: 'send', type: 'button', 'aria-label': 'Stop answering', hidden: true },
    icon(ICONS.stop),
  );
  const count = h('div', { class: 'count', id: 'cited-count', 'aria-live': 'polite', hidden: true });
  const form = h('form', { 'aria-label': 'Ask a question' }, input, send, stop, count);
  const live = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const panel = h(
    'div',
    {
      class: 'panel',
      id: 'cited-panel',
      role: cfg.page ? 'main' : 'dialog',
      'aria-labelledby': 'cited-title',
      hidden: !cfg.page,
    },
    h(
      'header',
      {},
      h('h2', { id: 'cited-title' }, cfg.title, h('small', {}, 'Answers quote their sources')),
      newChat,
      close,
    ),
    log,
    form,
  );
  const classes = [
    'root',
    cfg.page ? 'page' : '',
    cfg.position === 'bottom-left' ? 'left' : '',
    cfg.theme === 'auto' ? '' : cfg.theme,
  ];
  const root = h('div', { class: classes.filter(Boolean).join(' ') }, cfg.page ? null : launcher, panel, live);
  if (cfg.accent) root.style.setProperty('--accent', cfg.accent);
  return {
    root,
    launcher,
    panel,
    close,
    newChat,
    log,
    greeting,
    hint,
    startersSlot,
    form,
    input,
    send,
    stop,
    count,
    live,
  };
}
