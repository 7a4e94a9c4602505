export interface WidgetConfig {
  endpoint: string;
  title: string;
  greeting: string;
  placeholder: string;
  accent?: string;
  position: 'bottom-right' | 'bottom-left';
  open: boolean;
  apiKey?: string;
  /** The full-page chat at `/`: always open, filling the window, nothing to launch or close. */
  page: boolean;
  theme: 'auto' | 'light' | 'dark';
}

const flag = (v: string | undefined): boolean => v !== undefined && !/^(false|0|no|off)$/i.test(v.trim());

const trimmed = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);

const httpUrl = (s: string | undefined, base: string): URL | undefined => {
  if (!s) return undefined;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
};

/** The API's base URL: data-endpoint (which may carry a reverse proxy's path prefix), else the script's origin. */
function endpointOf(given: string | undefined, scriptSrc: string | undefined, page: string): string {
  const endpoint = httpUrl(given, page);
  if (endpoint) return endpoint.href.replace(/\/+$/, '');
  return (httpUrl(scriptSrc, page) ?? new URL(page)).origin;
}

/** Reads the widget's settings from its script tag's data-* attributes. */
export function readConfig(script: HTMLScriptElement | null, page: string): WidgetConfig {
  const d = script?.dataset ?? {};
  const accent = trimmed(d.accent);
  const theme = trimmed(d.theme);
  return {
    endpoint: endpointOf(trimmed(d.endpoint), script?.src || undefined, page),
    title: trimmed(d.title) ?? 'Ask a question',
    greeting: trimmed(d.greeting) ?? 'Ask me about these documents. Every answer quotes the sentences it comes from.',
    placeholder: trimmed(d.placeholder) ?? 'Ask a question…',
    accent: accent && CSS.supports('color', accent) ? accent : undefined,
    position: d.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
    open: flag(d.open),
    apiKey: trimmed(d.apiKey),
    page: d.mode === 'page',
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
  };
}
