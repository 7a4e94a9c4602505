import { extname } from 'node:path';
import { createRequire } from 'node:module';
import type { parse as ParseYaml } from 'yaml';
import { sha256 } from '../index/index.js';
import type { CitedDocument } from '../types.js';
import { splitDateLine } from './date-line.js';
import { isoDate } from './iso-date.js';
import { htmlToText } from './html.js';
import { inferTitle } from './titles.js';
import { readRegularFile } from './safe-read.js';
import { DocumentSkipped } from './skipped.js';

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
    throw new DocumentSkipped(path, `front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const body = splitDateLine(raw.slice(m[0].length).replace(/^\s+/, ''));
  const asString = (v: unknown) =>
    v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : undefined;
  // A front-matter date that is not a calendar date is ignored rather than trusted: the document still loads.
  return {
    text: body.text,
    title: asString(meta.title),
    date: isoDate(asString(meta.date)) ?? body.date,
    url: asString(meta.url),
  };
}

function parse(raw: string, path: string): Parsed {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return parseMarkdown(raw, path);
  if (ext === '.html' || ext === '.htm') return htmlToText(raw);
  return splitDateLine(raw);
}

/** How far into a file a NUL byte marks it as binary: the same first 8 KiB git and grep look at. */
const BINARY_PROBE = 8192;

const utf8 = new TextDecoder('utf-8', { fatal: true });
// WHATWG's "latin1" is windows-1252: every byte decodes, and 0x80–0x9F give the quotes and dashes Word writes.
const windows1252 = new TextDecoder('windows-1252');

/** The text of a file: UTF-8 when it is valid UTF-8, else windows-1252 (never U+FFFD mojibake); NULs mean binary. */
function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) throw new DocumentSkipped(path, 'binary');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = windows1252.decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

/** Turns a file's bytes into a Document; `id` is given by the caller, who knows the other ids. */
export function parseDocument(bytes: Uint8Array, relPath: string, id: string): CitedDocument {
  const p = parse(decodeText(bytes, relPath), relPath);
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

/** Reads one regular file (never a FIFO, device or link swapped in) into a Document. */
export function loadDocument(file: string, relPath: string, id: string): CitedDocument {
  return parseDocument(readRegularFile(file, file), relPath, id);
}
