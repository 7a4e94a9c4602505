export interface QuoteContext {
  before: string;
  quote: string;
  after: string;
  /** False when the document no longer holds the quote at its offsets (it changed since the answer). */
  exact: boolean;
}

/**
 * The quote with up to `radius` characters either side, cut at whitespace so no word is split. The offsets
 * are the contract (quote === text.slice(start, end)); if the document changed, the quote is looked up by value.
 */
export function quoteContext(text: string, quote: string, start: number, end: number, radius = 300): QuoteContext {
  let exact = text.slice(start, end) === quote;
  if (!exact) {
    const at = text.indexOf(quote);
    if (at < 0) return { before: '', quote, after: '', exact: false };
    [start, end] = [at, at + quote.length];
    exact = true;
  }
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  if (to < text.length) {
    const tail = text.slice(end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (space >= 0) to = end + space;
  }
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, start),
    quote: text.slice(start, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
    exact,
  };
}
