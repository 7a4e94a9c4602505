import { MAX_QUESTION_CHARS } from '../limits.js';
import type { WidgetConfig } from './config.js';
import { h, icon, ICONS } from './dom.js';

export interface PanelParts {
  root: HTMLDivElement;
  launcher: HTMLButtonElement;
  panel: HTMLDivElement;
  close: HTMLButtonElement;
  log: HTMLOListElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  stop: HTMLButtonElement;
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
  const log = h('ol', { class: 'log', 'aria-label': 'Conversation' }, h('li', { class: 'msg bot' }, cfg.greeting));
  const input = h('textarea', {
    rows: '1',
    'aria-label': 'Your question',
    placeholder: cfg.placeholder,
    maxlength: String(MAX_QUESTION_CHARS),
    enterkeyhint: 'send',
  });
  const send = h('button', { class: 'send', type: 'submit', 'aria-label': 'Send question' }, icon(ICONS.send));
  const stop = h(
    'button',
    { class: 'send', type: 'button', 'aria-label': 'Stop answering', hidden: true },
    icon(ICONS.stop),
  );
  const form = h('form', { 'aria-label': 'Ask a question' }, input, send, stop);
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
    h('header', {}, h('h2', { id: 'cited-title' }, cfg.title, h('small', {}, 'Answers quote their sources')), close),
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
  return { root, launcher, panel, close, log, form, input, send, stop, live };
}
