import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadDocument, parseDocument } from '../../src/ingest/index.js';
import { documentType } from '../../src/ingest/sniff.js';
import { Runtime } from '../../src/main/index.js';
import { pageAt, verifyCitations } from '../../src/rag/verify.js';
import { REPO, tempDir } from '../helpers/fixtures.js';

const FIXTURES = join(REPO, 'tests', 'fixtures', 'documents');
const fixture = (name: string) => join(FIXTURES, name);

describe('the PDF loader', () => {
  it('reads a Chromium-printed PDF as paragraphs, with its pages, metadata title and tables', async () => {
    const doc = await loadDocument(fixture('travel-policy.pdf'), 'travel-policy.pdf', 'tp');
    expect(doc).toMatchObject({ type: 'pdf', title: 'Brightwater Travel Policy' });
    expect(doc.pageStarts).toHaveLength(3);
    // Chromium's header and footer (date and title; the file's URL and "1/3") are page furniture, not text.
    expect(doc.text).not.toMatch(/file:\/\/|\d\/3|AM|PM/);
    expect(doc.text.match(/Brightwater Travel Policy/g)).toHaveLength(1);
    // Lines wrapped on the page are one paragraph again; headings stand alone.
    expect(doc.text).toContain(
      '\n\nAll flights must be booked through the travel desk at least 14 days before departure. Economy class is ' +
        'the default for flights shorter than six hours; business class may be booked for longer flights with the ' +
        'approval of a director.\n\n',
    );
    expect(doc.text).toContain('\n\nExpenses\n\n');
    // A table's cells are parted as the HTML loader parts them, so its rows read as rows.
    expect(doc.text).toContain('\n\nDistance | Rate per km\n\nFirst 5,000 km a year | €0.42\n\n');
    const page = (phrase: string) => pageAt(doc, doc.text.indexOf(phrase));
    expect([page('Brightwater Travel'), page('Rail is preferred'), page('Expenses'), page('Receipts')]).toEqual([
      1, 1, 2, 2,
    ]);
    expect([page('Safety'), page('Travel insurance')]).toEqual([3, 3]);
  });

  it('skips a PDF with no text layer with a reason that says what to do', async () => {
    await expect(loadDocument(fixture('scanned.pdf'), 'scanned.pdf', 's')).rejects.toMatchObject({
      code: 'DOCUMENT_UNREADABLE',
      reason: 'has no text layer (a scanned PDF?): run OCR on it first',
    });
  });

  it('skips a damaged PDF, and judges a file by its bytes, not its name', async () => {
    const pdf = readFileSync(fixture('travel-policy.pdf'));
    await expect(parseDocument(pdf.subarray(0, 2000), 'cut.pdf', 'cut')).rejects.toMatchObject({
      reason: expect.stringMatching(/^cannot be read as a PDF/),
    });
    expect((await parseDocument(pdf, 'misnamed.txt', 'm')).type).toBe('pdf');
    await expect(parseDocument(Buffer.from('plain words'), 'x.pdf', 'x')).rejects.toMatchObject({
      reason: 'not a PDF file',
    });
  });
});

describe('the Word loader', () => {
  it('reads headings, paragraphs and tables, and the Title style as the title', async () => {
    const doc = await loadDocument(fixture('leave-handbook.docx'), 'leave-handbook.docx', 'lh');
    expect(doc).toMatchObject({ type: 'docx', title: 'Northfield Leave Handbook' });
    expect(doc.pageStarts).toBeUndefined();
    expect(doc.text).toContain('\n\nParental leave\n\nEmployees with at least one year of service may take up to 18');
    expect(doc.text).toContain('\n\nLeave type | Notice required\n\nAnnual leave | Two weeks\n\n');
  });

  it('tells Word documents from other zip files (a workbook is not read as one)', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    const xlsx = await zip.generateAsync({ type: 'nodebuffer' });
    expect(documentType(xlsx, 'budget.docx')).toEqual({ reason: 'unsupported type (an Excel workbook)' });
    await expect(parseDocument(xlsx, 'budget.docx', 'b')).rejects.toMatchObject({ code: 'DOCUMENT_UNSUPPORTED' });
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('word/document.xml but no archive')]);
    await expect(parseDocument(broken, 'broken.docx', 'b')).rejects.toMatchObject({
      reason: expect.stringMatching(/^cannot be read as a Word document/),
    });
  });
});

describe('PDF citations', () => {
  it('carry the page their checked offsets fall on, never one an answerer claimed', () => {
    const doc = { text: 'one. two. three.', pageStarts: [0, 5, 5, 10] };
    // Page 2 is empty: it starts where page 3 does, and an offset there is on page 3.
    expect([0, 4, 5, 9, 10, 15].map((o) => pageAt(doc, o))).toEqual([1, 1, 3, 3, 4, 4]);
    expect(pageAt({}, 3)).toBeUndefined();
    const claimed = { n: 1, docId: 'd', chunkId: 'c', title: 't', quote: 'three.', start: 10, end: 16, page: 1 };
    const { citations } = verifyCitations([claimed], () => doc);
    expect(citations[0].page).toBe(4);
    expect(verifyCitations([claimed], () => ({ text: doc.text })).citations[0].page).toBeUndefined();
  });

  it('answers from a PDF and a Word file with verbatim quotes, and the PDF quote with its page', async () => {
    const corpus = tempDir('cited-docs-');
    for (const f of ['travel-policy.pdf', 'leave-handbook.docx']) cpSync(fixture(f), join(corpus, f));
    writeFileSync(join(corpus, 'note.txt'), 'The office closes at 6pm on Fridays.');
    const rt = Runtime.create(loadConfig({ CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: tempDir() }));
    await rt.ensureIndex();
    const index = rt.index();
    const ask = async (question: string) => (await rt.answers.ask({ question })).citations[0];
    const insurance = await ask('How much medical cost does the travel insurance cover?');
    expect(insurance).toMatchObject({ docId: 'travel-policy-pdf', page: 3 });
    expect(insurance.quote).toContain('€2 million per trip');
    const sick = await ask('When must sick leave be reported?');
    expect(sick).toMatchObject({ docId: 'leave-handbook-docx' });
    expect(sick.page).toBeUndefined();
    for (const c of [insurance, sick]) expect(index.document(c.docId)?.text.slice(c.start, c.end)).toBe(c.quote);
  });
});
