import { createRequire } from 'node:module';
import type { Parser as ParserClass } from 'htmlparser2';
import { TABLE_CELL_SEPARATOR } from '../nlp/index.js';
import { isoDate } from './iso-date.js';

// A <title> anywhere is never shown in the page (browsers hide one in the body too); only the head's names the page.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'iframe', 'title']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'caption',
  'details',
  'summary',
  'blockquote',
  'pre',
  'br',
  'hr',
  'figure',
  'figcaption',
  'dd',
  'dt',
  'title',
  'address',
  'form',
  'fieldset',
  'legend',
  'label',
  'option',
]);

// A zero however written: 0, 0.0, .0, 0%, 0px, 0REM.
const ZERO = /^(?:0+(?:\.0*)?|\.0+)(?:%|[a-z]+)?$/;
// Far off-screen: a page moves text a thousand pixels or more out of view only to hide it ("left:-9999px").
const OFF_SCREEN = /^-\d{4,}(?:\.\d+)?(?:px)?$/;
// Clipped to nothing: clip: rect(0 0 0 0), clip-path: inset(50%) or more, circle(0).
const CLIPPED =
  /^(?:rect\(\s*0\w*[\s,]+0\w*[\s,]+0\w*[\s,]+0\w*\s*\)|inset\(\s*(?:[5-9]\d|100)%\s*\)|circle\(\s*0\w*\s*\))$/;

/**
 * An inline style's declarations, property → value, lower-cased and without `!important`. Hand-written: no CSS
 * parser is a dependency, and a declaration list (`a: b; c: d`) needs nothing more than a split.
 */
function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of style.split(';')) {
    const at = part.indexOf(':');
    if (at < 0) continue;
    const value = part
      .slice(at + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ');
    out.set(part.slice(0, at).trim().toLowerCase(), value);
  }
  return out;
}

/**
 * Inline styles that hide an element from every reader, whatever the spacing, case and units: not displayed,
 * invisible, transparent, zero-sized text, a box of no height or width that clips its overflow, positioned far off
 * screen, clipped to nothing, scaled to nothing, or text the colour of its own background. Hidden text is as unseen
 * as display:none, and it is where a page would plant instructions for a model.
 */
function hidingStyle(style: string): boolean {
  const d = declarations(style);
  const zero = (prop: string) => ZERO.test(d.get(prop) ?? '');
  const clipsOverflow = /^(?:hidden|clip)/.test(d.get('overflow') ?? '');
  if (d.get('display') === 'none' || /^(?:hidden|collapse)$/.test(d.get('visibility') ?? '')) return true;
  if (zero('opacity') || zero('font-size') || d.get('color') === 'transparent') return true;
  if (clipsOverflow && ['height', 'max-height', 'width', 'max-width'].some(zero)) return true;
  const positioned = /^(?:absolute|fixed)$/.test(d.get('position') ?? '');
  if (positioned && ['left', 'top', 'right', 'bottom'].some((p) => OFF_SCREEN.test(d.get(p) ?? ''))) return true;
  if (OFF_SCREEN.test(d.get('text-indent') ?? '')) return true;
  if (CLIPPED.test(d.get('clip') ?? '') || CLIPPED.test(d.get('clip-path') ?? '')) return true;
  if (/^scale\(\s*0(?:\.0+)?\s*(?:,\s*0(?:\.0+)?\s*)?\)$/.test(d.get('transform') ?? '')) return true;
  const background = d.get('background-color') ?? d.get('background');
  return d.has('color') && d.get('color') === background;
}

/**
 * An element no reader sees (the `hidden` attribute, `aria-hidden="true"`, an inline style that hides it, a hidden
 * input): its text is not the page's content, and hidden text is where a page would plant instructions for a model.
 */
function hides(name: string, attrs: Record<string, string>): boolean {
  if ('hidden' in attrs || attrs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  if (name === 'input' && attrs.type?.trim().toLowerCase() === 'hidden') return true;
  return attrs.style !== undefined && hidingStyle(attrs.style);
}

export interface HtmlText {
  text: string;
  title?: string;
  date?: string;
}

// Loaded on the first HTML document rather than at every start.
const require = createRequire(import.meta.url);

const CELL = new Set(['td', 'th']);

/**
 * Visible text of an HTML page, one paragraph per block element; scripts and styles dropped. A table row is one
 * paragraph, its non-empty cells joined by TABLE_CELL_SEPARATOR, so that a label stays on the line of its value;
 * block elements inside a cell (a <p>, a <br>, a nested table) are a space there rather than a new line.
 */
export function htmlToText(html: string): HtmlText {
  const { Parser } = require('htmlparser2') as { Parser: typeof ParserClass };
  const blocks: string[] = [];
  let current = '';
  let skipDepth = 0;
  // One entry per open element (htmlparser2 closes every element it opens, implied closes included): whether it hides.
  const open: boolean[] = [];
  let hiddenDepth = 0;
  // The page title is the first <title> of the document's head: one in the body, an svg or a hidden element is not
  // the page's (an svg's title names a picture; a hidden one is what a page would plant).
  let inTitle = false;
  let titleDone = false;
  let bodyDepth = 0;
  let svgDepth = 0;
  let title = '';
  let h1 = '';
  let inH1 = false;
  let date: string | undefined;
  // Open cells (more than one only in a nested table), and where the outermost open cell's text begins in `current`
  // and where `current` stood before its separator, to take both back if the cell shows no text.
  let cellDepth = 0;
  let cellMark = 0;
  let cellText = 0;
  const openCell = () => {
    cellMark = current.length;
    if (current.trim()) current += TABLE_CELL_SEPARATOR;
    cellText = current.length;
  };
  const closeCell = () => {
    if (!current.slice(cellText).trim()) current = current.slice(0, cellMark);
  };
  // Inside a cell a block element only separates words: the row stays on one line.
  const block = () => {
    if (cellDepth > 0) current += ' ';
    else flush();
  };
  const flush = () => {
    const t = current.replace(/\s+/g, ' ').trim();
    if (t) blocks.push(t);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'body') bodyDepth++;
        if (name === 'svg') svgDepth++;
        if (name === 'meta' && /^(date|article:published_time|dc\.date)$/i.test(attrs.name ?? attrs.property ?? '')) {
          date ??= isoDate(attrs.content?.slice(0, 10));
        }
        if (name === 'time' && attrs.datetime) date ??= isoDate(attrs.datetime.slice(0, 10));
        if (SKIP.has(name)) skipDepth++;
        const hidden = hides(name, attrs);
        open.push(hidden);
        if (hidden) hiddenDepth++;
        if (name === 'title') inTitle = !titleDone && bodyDepth === 0 && svgDepth === 0 && hiddenDepth === 0;
        // Only the first heading names the page: later ones name its sections.
        if (name === 'h1' && !h1.trim()) inH1 = true;
        if (BLOCK.has(name)) block();
        if (CELL.has(name)) {
          if (cellDepth === 0) openCell();
          else current += ' ';
          cellDepth++;
        }
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (skipDepth === 0 && hiddenDepth === 0) {
          current += text;
          if (inH1) h1 += text;
        }
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) titleDone = true;
        if (name === 'title') inTitle = false;
        if (name === 'body') bodyDepth = Math.max(0, bodyDepth - 1);
        if (name === 'svg') svgDepth = Math.max(0, svgDepth - 1);
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (open.pop()) hiddenDepth--;
        if (name === 'h1') inH1 = false;
        if (CELL.has(name) && cellDepth > 0 && --cellDepth === 0) closeCell();
        if (BLOCK.has(name)) block();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim() || undefined;
  return { text: blocks.join('\n\n'), title: clean(title) ?? clean(h1), date };
}
