import { createHash } from 'node:crypto';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCorpus, loadTextDocument, scanCorpus, splitDateLine } from '../../src/ingest/index.js';
import { ARTICLE, corpusOf } from '../helpers/fixtures.js';

describe('splitDateLine', () => {
  it('takes a leading date line as the date, not the text', () => {
    expect(splitDateLine('date 2024-12-06\nHAMA - Rebels.')).toEqual({ date: '2024-12-06', text: 'HAMA - Rebels.' });
  });
  it('accepts the date on the same line as the text, after leading space (as the shipped article has it)', () => {
    expect(splitDateLine(' date 2024-12-06 HAMA - Rebels.')).toEqual({ date: '2024-12-06', text: 'HAMA - Rebels.' });
  });
  it('accepts a file that is only a date line, and ignores dates that are not calendar dates', () => {
    expect(splitDateLine('date 2024-01-02')).toEqual({ date: '2024-01-02', text: '' });
    expect(splitDateLine('date 2024-02-30 Text.')).toEqual({ text: 'date 2024-02-30 Text.' });
  });

  it('leaves text without a date line alone', () => {
    expect(splitDateLine('The date 2024-12-06 is mentioned.')).toEqual({ text: 'The date 2024-12-06 is mentioned.' });
    expect(splitDateLine('date 2024-99-99 bad')).toEqual({ text: 'date 2024-99-99 bad' });
  });
});

describe('loadTextDocument', () => {
  it('loads the article with its date, a title, and the sha256 of the file', () => {
    const doc = loadTextDocument(ARTICLE, 'hama-2024-12-06.txt', 'hama-2024-12-06');
    expect(doc.date).toBe('2024-12-06');
    expect(doc.text.startsWith('HAMA - Syrian rebels say')).toBe(true);
    expect(doc.text).not.toContain('date 2024');
    // Its first sentence is too long to be a title whole, and a title is never a sentence cut off: the file's name.
    expect(doc.title).toBe('Hama');
    expect(doc.sha256).toBe(createHash('sha256').update(readFileSync(ARTICLE)).digest('hex'));
  });

  it('reads markdown front matter: title, date, url', () => {
    const dir = corpusOf({
      'a.md': '---\ntitle: Floods in Valencia\ndate: 2024-10-30\nurl: https://example.org/a\n---\n\nRain fell.\n',
    });
    const doc = loadTextDocument(join(dir, 'a.md'), 'a.md', 'a');
    expect(doc).toMatchObject({
      title: 'Floods in Valencia',
      date: '2024-10-30',
      url: 'https://example.org/a',
      text: 'Rain fell.',
    });
  });

  it('ignores a front-matter date that is not a date, and accepts empty front matter', () => {
    const dir = corpusOf({ 'a.md': '---\ntitle: T\ndate: tomorrow\n---\nBody.', 'b.md': '---\n---\nJust a body.' });
    expect(loadTextDocument(join(dir, 'a.md'), 'a.md', 'a')).toMatchObject({ title: 'T', text: 'Body.' });
    expect(loadTextDocument(join(dir, 'a.md'), 'a.md', 'a').date).toBeUndefined();
    expect(loadTextDocument(join(dir, 'b.md'), 'b.md', 'b')).toMatchObject({
      title: 'Just a body.',
      text: 'Just a body.',
    });
  });

  it('rejects malformed front matter with a clear error', () => {
    const dir = corpusOf({ 'bad.md': '---\ntitle: [unclosed\n---\nText.' });
    expect(() => loadTextDocument(join(dir, 'bad.md'), 'bad.md', 'bad')).toThrow(
      /bad\.md: front matter is not valid YAML/,
    );
  });

  it('takes only the visible text of HTML, with its title and date', () => {
    const html =
      '<html><head><title>Port reopens</title><meta name="date" content="2024-05-01">' +
      '<style>p{color:red}</style></head>\n' +
      '      <body><script>alert(1)</script><h1>Port reopens</h1>' +
      '<p>The port &amp; harbour reopened on Monday.</p><p>Ships  waited.</p></body></html>';
    const dir = corpusOf({ 'p.html': html });
    const doc = loadTextDocument(join(dir, 'p.html'), 'p.html', 'p');
    expect(doc.title).toBe('Port reopens');
    expect(doc.date).toBe('2024-05-01');
    expect(doc.text).toBe('Port reopens\n\nThe port & harbour reopened on Monday.\n\nShips waited.');
    expect(doc.text).not.toMatch(/alert|color/);
  });

  it('keeps table cells and details apart, and takes a date only when it is one', () => {
    const html =
      '<meta name="date" content="December 6, 2024"><time datetime="2024-12-06T10:00">x</time>' +
      '<table><tr><td>Alpha</td><td>Beta</td></tr></table><details><summary>More</summary>Hidden text.</details>';
    const dir = corpusOf({ 't.html': html });
    const doc = loadTextDocument(join(dir, 't.html'), 't.html', 't');
    expect(doc.text).not.toMatch(/AlphaBeta|MoreHidden/);
    expect(doc.date).toBe('2024-12-06');
  });

  it('falls back to a heading line, a short first sentence or the file name for a title', () => {
    const long = `Sales rose sharply in the third quarter, ${'and more '.repeat(12)}than anyone expected. Costs fell.`;
    const dir = corpusOf({
      'notes.txt': 'Quarterly notes\n\nSales rose. Costs fell.',
      'long.txt': 'Sales rose sharply in the third quarter. Costs fell.',
      'q3_sales-report-2024-10-01.txt': long,
    });
    const report = 'q3_sales-report-2024-10-01.txt';
    expect(loadTextDocument(join(dir, report), report, 'r').title).toBe('Q3 sales report');
    expect(loadTextDocument(join(dir, 'notes.txt'), 'notes.txt', 'notes').title).toBe('Quarterly notes');
    expect(loadTextDocument(join(dir, 'long.txt'), 'long.txt', 'long').title).toBe(
      'Sales rose sharply in the third quarter.',
    );
  });
});

describe('listCorpus', () => {
  it('finds supported files recursively with stable, unique ids', () => {
    const dir = corpusOf({
      'a.txt': 'A.',
      'a.md': 'A md.',
      'sub/B File.html': '<p>B</p>',
      'manual.pdf': '%PDF-1.4',
      'notes.docx': 'PK',
      'skip.json': '{}',
      '.hidden.txt': 'h',
    });
    const files = listCorpus([dir]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.id])).toEqual([
      ['a.md', 'a-md'],
      ['a.txt', 'a'],
      ['manual.pdf', 'manual-pdf'],
      ['notes.docx', 'notes-docx'],
      ['sub/B File.html', 'sub-b-file-html'],
    ]);
    expect(listCorpus([dir]).map((f) => f.id)).toEqual(files.map((f) => f.id));
  });

  it('gives a document the same id whatever its siblings are', () => {
    const dir = corpusOf({ 'report.txt': 'R.' });
    const before = listCorpus([dir])[0].id;
    writeFileSync(join(dir, 'report.html'), '<p>R</p>');
    expect(listCorpus([dir]).find((f) => f.file.endsWith('report.txt'))?.id).toBe(before);
  });

  it('follows symlinks inside the corpus only, and refuses a file root of an unsupported type', () => {
    const dir = corpusOf({ 'real/a.txt': 'A.' });
    symlinkSync(join(dir, 'real', 'a.txt'), join(dir, 'linked.txt'));
    expect(listCorpus([dir]).map((f) => f.id)).toEqual(['linked', 'real-a']);
    const links = corpusOf({});
    symlinkSync(join(dir, 'real', 'a.txt'), join(links, 'outside.txt'));
    expect(scanCorpus([links])).toEqual({
      files: [],
      skipped: [{ path: join(links, 'outside.txt'), reason: 'symlink outside the corpus' }],
    });
    const sheet = join(dir, 'x.xlsx');
    writeFileSync(sheet, 'PK');
    expect(() => listCorpus([sheet])).toThrow(
      expect.objectContaining({
        code: 'DOCUMENT_UNSUPPORTED',
        message: expect.stringMatching(/unsupported type \(\.xlsx\)/),
      }),
    );
  });
  it('reports a missing corpus path', () => {
    expect(() => listCorpus(['/nonexistent/corpus'])).toThrow(/does not exist/);
  });
});
