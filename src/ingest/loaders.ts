import { createRequire } from 'node:module';
import type { parse as ParseYaml } from 'yaml';
import { sha256 } from '../index/index.js';
import type { CitedDocument, DocumentType } from '../types.js';
import { splitDateLine } from './date-line.js';
import { isoDate } from './iso-date.js';
import { htmlToText } from './html.js';
import { inferTitle } from './titles.js';
import { readRegularFile } from './safe-read.js';
import { DocumentSkipped } from './skipped.js';
import { docxToText } from './docx.js';
import { pdfToText } from './pdf.js';
import { documentType } from './sniff.js';

/**
 * The loaders' version, kept with each document: a file read by older loaders is read again (titles, types and pages
 * may come out better), though its vectors are kept when its text is the same. Bump it when what loaders produce
 * changes.
 */
export const LOADER = 2;

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

/** Text documents by type; PDF and Word files have loaders of their own. */
function parseText(raw: string, path: string, type: DocumentType): Parsed {
  if (type === 'markdown') return parseMarkdown(raw, path);
  if (type === 'html') return htmlToText(raw);
  return splitDateLine(raw);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// WHATWG's "latin1" is windows-1252: every byte decodes, and 0x80–0x9F give the quotes and dashes Word writes.
const windows1252 = new TextDecoder('windows-1252');

/** The text of a file: UTF-8 when it is valid UTF-8, else windows-1252 with a warning (never U+FFFD mojibake). */
function decodeText(bytes: Uint8Array, warn: Warn): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    warn('not valid UTF-8: read as windows-1252 (Latin-1); save it as UTF-8 to be sure of its characters');
    text = windows1252.decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

/** Told of what a loader noticed but could read past (an encoding guessed, pages without text). */
type Warn = (message: string) => void;

/** A document as a loader made it: its type is always known (only indexes written before types lack one). */
type Read = CitedDocument & { type: DocumentType };

interface Loaded extends Parsed {
  pageStarts?: number[];
}

async function parseAs(type: DocumentType, bytes: Uint8Array, path: string, warn: Warn): Promise<Loaded> {
  if (type === 'docx') return docxToText(bytes, path);
  if (type !== 'pdf') return parseText(decodeText(bytes, warn), path, type);
  const pdf = await pdfToText(bytes, path);
  if (pdf.emptyPages.length) warn(`no text on page(s) ${pdf.emptyPages.join(', ')} (scanned?): not searchable`);
  return pdf;
}

function typeOf(bytes: Uint8Array, relPath: string): DocumentType {
  const type = documentType(bytes, relPath);
  if (typeof type === 'object') throw new DocumentSkipped(relPath, type.reason, 'DOCUMENT_UNSUPPORTED');
  return type;
}

/** The Document of what a loader read; a file with no words or numbers in it is skipped as empty. */
function toDocument(
  p: Loaded,
  type: DocumentType,
  bytes: Uint8Array,
  at: { relPath: string; id: string; warnings: string[] },
): Read {
  const { relPath, id, warnings } = at;
  const text = p.text.replace(/\s+$/, '');
  if (!/[\p{L}\p{N}]/u.test(text)) throw new DocumentSkipped(relPath, 'empty (no text)');
  return {
    id,
    title: p.title?.trim() || inferTitle(text, relPath),
    ...(p.date ? { date: p.date } : {}),
    ...(p.url ? { url: p.url } : {}),
    type,
    ...(p.pageStarts ? { pageStarts: p.pageStarts } : {}),
    ...(warnings.length ? { warnings } : {}),
    loader: LOADER,
    text,
    sha256: sha256(bytes),
    path: relPath,
  };
}

/**
 * Turns a file's bytes into a Document; `id` is given by the caller, who knows the other ids. The bytes decide its
 * type (see documentType); one that cannot be a document is skipped with its reason.
 */
export async function parseDocument(bytes: Uint8Array, relPath: string, id: string): Promise<Read> {
  const type = typeOf(bytes, relPath);
  const warnings: string[] = [];
  const parsed = await parseAs(type, bytes, relPath, (m) => warnings.push(m));
  return toDocument(parsed, type, bytes, { relPath, id, warnings });
}

/**
 * parseDocument for text, Markdown and HTML, which need no wait: a PDF or Word file is not one (skipped with that
 * reason), so callers that must not wait (the freshness check) never mistake one for text.
 */
export function parseTextDocument(bytes: Uint8Array, relPath: string, id: string): CitedDocument {
  const type = typeOf(bytes, relPath);
  if (type === 'pdf' || type === 'docx') throw new DocumentSkipped(relPath, `a ${type} file is read asynchronously`);
  const warnings: string[] = [];
  const parsed = parseText(
    decodeText(bytes, (m) => warnings.push(m)),
    relPath,
    type,
  );
  return toDocument(parsed, type, bytes, { relPath, id, warnings });
}

/** Reads one regular file (never a FIFO, device or link swapped in) into a Document. */
export async function loadDocument(file: string, relPath: string, id: string): Promise<CitedDocument> {
  return parseDocument(readRegularFile(file, file), relPath, id);
}

/** loadDocument for a text, Markdown or HTML file, without a wait. */
export const loadTextDocument = (file: string, relPath: string, id: string): CitedDocument =>
  parseTextDocument(readRegularFile(file, file), relPath, id);
