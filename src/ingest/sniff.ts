import { extname } from 'node:path';
import type { DocumentType } from '../types.js';

/** File name endings and the type each names; anything else is not a document cited reads. */
const EXTENSION_TYPES: Readonly<Record<string, DocumentType>> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

/** The supported endings, for messages: ".txt, .md, .markdown, .html, .htm, .pdf or .docx". */
export const SUPPORTED_LIST = Object.keys(EXTENSION_TYPES)
  .join(', ')
  .replace(/, ([^,]+)$/, ' or $1');

export const typeFromName = (name: string): DocumentType | undefined => EXTENSION_TYPES[extname(name).toLowerCase()];

/** How far into a file a NUL byte marks it as binary: the same first 8 KiB git and grep look at. */
const BINARY_PROBE = 8192;
/** PDF readers accept the `%PDF-` header anywhere in the first 1,024 bytes (some files have junk before it). */
const PDF_HEADER_WITHIN = 1024;

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/**
 * Zip-based formats name their parts in the archive's directory, stored uncompressed: a Word document has
 * word/document.xml, a workbook xl/workbook.xml, a presentation ppt/presentation.xml.
 */
function zipKind(bytes: Uint8Array): string {
  const names = Buffer.from(bytes).toString('latin1');
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'an Excel workbook';
  if (names.includes('ppt/presentation.xml')) return 'a PowerPoint presentation';
  return 'a zip archive';
}

/**
 * What a file's bytes are, whatever its name says: 'pdf' or 'docx' by their signatures, a description of another
 * binary format, or 'text' for anything without a NUL byte near its start.
 */
function sniff(bytes: Uint8Array): 'pdf' | 'docx' | 'text' | { other: string } {
  if (ascii(bytes, 0, PDF_HEADER_WITHIN).includes('%PDF-')) return 'pdf';
  if (ascii(bytes, 0, 4) === 'PK\x03\x04') {
    const kind = zipKind(bytes);
    return kind === 'docx' ? 'docx' : { other: kind };
  }
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { other: 'a binary file' };
  return 'text';
}

/**
 * The type to read a file as: the bytes decide between PDF, Word and text (a name is only a claim); among text
 * types the name does (Markdown and HTML are text a name tells apart), and a nameless text that opens like an HTML
 * page is HTML. A string when the file is none of them: why it is not read.
 */
export function documentType(bytes: Uint8Array, name: string): DocumentType | { reason: string } {
  const claimed = typeFromName(name);
  const found = sniff(bytes);
  if (typeof found === 'object') return { reason: `unsupported type (${found.other})` };
  if (found !== 'text') return found;
  if (claimed === 'pdf' || claimed === 'docx') return { reason: `not a ${claimed === 'pdf' ? 'PDF' : 'Word'} file` };
  if (claimed) return claimed;
  return /^\s*<(?:!doctype\s+html|html)\b/i.test(ascii(bytes, 0, 512)) ? 'html' : 'text';
}
