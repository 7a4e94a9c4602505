import { Chat } from './chat.js';
import { readConfig } from './config.js';
import type { WidgetConfig } from './config.js';
import { inkFor } from './contrast.js';
import { buildPanel } from './panel.js';
import { CSS } from './styles.js';

// Read now: document.currentScript is only set while this script first runs.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

function mount(cfg: WidgetConfig): void {
  const host = document.createElement('cited-chat');
  const shadow = host.attachShadow({ mode: 'open' });
  // A constructed stylesheet is not inline CSS, so a host page's strict style-src CSP does not block it.
  if ('adoptedStyleSheets' in shadow && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    shadow.append(style);
  }
  const ui = buildPanel(cfg);
  shadow.append(ui.root);
  document.body.append(host);
  if (cfg.accent) {
    const ink = inkFor(ui.send);
    if (ink) ui.root.style.setProperty('--ink', ink);
  }
  const chat = new Chat(cfg, ui);
  if (cfg.page) ui.input.focus();
  else if (cfg.open) chat.open(false);
}

function start(): void {
  if (script?.dataset.citedMounted) return;
  if (script) script.dataset.citedMounted = 'true';
  mount(readConfig(script, location.href));
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
