import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import type { parse as ParseYaml } from 'yaml';
import { CitedError } from '../errors.js';
import { sha256 } from '../index/index.js';
import type { CitedDocument } from '../types.js';
import { splitDateLine } from './date-line.js';
import { isoDate } from './iso-date.js';
import { htmlToText } from './html.js';
import { inferTitle } from './titles.js';

export const SUPPORTED_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm']);

type Parsed = Pick<CitedDocument, 'text'> & Partial<Pick<CitedDocument, 'title' | 'date' | 'url'>>;

// The YAML parser is only needed for Markdown with front matter: loaded then, not at every start.
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require('yaml') as { parse: typeof ParseYaml }).parse(text);

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

function parseMarkdown(raw: string, path: string): Parsed {
  const m = FRONT_MATTER.exec(raw);
  if (!m) return splitDateLine(raw);
  let meta: Record<string, unknown>;
  try {
    const parsed: unknown = m[1] ? parseYaml(m[1]) : {};
    meta = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch (e) {
    throw new CitedError('DOCUMENT_UNREADABLE', `${path}: front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const body = splitDateLine(raw.slice(m[0].length).replace(/^\s+/, ''));
  const asString = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  // A front-matter date that is not a calendar date is ignored rather than trusted: the document still loads.
  return { text: body.text, title: asString(meta.title), date: isoDate(asString(meta.date)) ?? body.date, url: asString(meta.url) };
}

function parse(raw: string, path: string): Parsed {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return parseMarkdown(raw, path);
  if (ext === '.html' || ext === '.htm') return htmlToText(raw);
  return splitDateLine(raw);
}

/** Reads one file into a Document; `id` is given by the caller, who knows the other ids. */
export function loadDocument(file: string, relPath: string, id: string): CitedDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CitedError('DOCUMENT_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
  }
  const raw = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const p = parse(raw, relPath);
  const text = p.text.replace(/\s+$/, '');
  return {
    id,
    title: p.title?.trim() || inferTitle(text, relPath),
    ...(p.date ? { date: p.date } : {}),
    ...(p.url ? { url: p.url } : {}),
    text,
    sha256: sha256(bytes),
    path: relPath,
  };
}
