import { htmlToText } from './html.js';
import type { HtmlText } from './html.js';
import { DocumentSkipped } from './skipped.js';

/**
 * Word (.docx) text through `mammoth`, which reads the document's structure (headings, lists, tables) rather than
 * its look. It is converted to HTML and read by the HTML loader, so a Word heading is a heading to the answerer and
 * a Word table keeps its rows and cells. Loaded on the first .docx, so other corpora never pay for it.
 */
/** Word's own Title and Subtitle styles are the document's title and a heading (mammoth leaves both as paragraphs). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

export async function docxToText(bytes: Uint8Array, path: string): Promise<HtmlText> {
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP }));
  } catch (e) {
    throw new DocumentSkipped(path, `cannot be read as a Word document (${(e as Error).message.split('\n')[0]})`);
  }
  return htmlToText(html);
}
