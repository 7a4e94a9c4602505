import { describe, expect, it } from 'vitest';
import { chunkText, listCorpus, loadTextDocument, sentenceSpans } from '../../src/ingest/index.js';
import { ARTICLE, corpusOf } from '../helpers/fixtures.js';

const docs = () => {
  const dir = corpusOf({
    'md.md':
      '---\ntitle: T\n---\n# Heading without stop\n\nFirst para. It has “quotes” and U.S. officials.\n\n' +
      '- a list item\n- another one\n\nLast one!  Really?',
    'page.html':
      '<h1>Title</h1><p>One sentence here. Two sentences here.</p><ul><li>Item</li></ul>' +
      '<p>Ünïcödé text — with dashes… and more.</p>',
    'long.txt': Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7}.`).join(' '),
  });
  return [
    loadTextDocument(ARTICLE, 'hama.txt', 'hama'),
    ...listCorpus([dir]).map((f) => loadTextDocument(f.file, f.path, f.id)),
  ];
};

describe('chunking', () => {
  it('keeps text.slice(start, end) === chunk.text for every chunk of several documents', () => {
    let total = 0;
    for (const doc of docs()) {
      const sentences = sentenceSpans(doc.text);
      const chunks = chunkText(doc.id, doc.text, sentences);
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(doc.text.slice(c.start, c.end)).toBe(c.text);
        expect(c.docId).toBe(doc.id);
        total++;
      }
      for (const s of sentences) expect(doc.text.slice(s.start, s.end).trim()).toBe(doc.text.slice(s.start, s.end));
    }
    expect(total).toBeGreaterThan(10);
  });

  it('covers every sentence, overlaps neighbours by one sentence, and respects the size cap', () => {
    const doc = loadTextDocument(ARTICLE, 'hama.txt', 'hama');
    const sentences = sentenceSpans(doc.text);
    const chunks = chunkText(doc.id, doc.text, sentences);
    for (const s of sentences) expect(chunks.some((c) => c.start <= s.start && s.end <= c.end)).toBe(true);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeLessThan(chunks[i - 1].end);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(900);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('keeps every word of text with long runs of spaces, CRLF line ends and tabs', () => {
    const text =
      `Inventory report.${' '.repeat(70)}The manager of the warehouse is Dana Park.\r\n\r\n` +
      'Springfield has 30,000 residents.\r\n\t\t\tThe mayor is Lee.';
    const spans = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toContain('The manager of the warehouse is Dana Park.');
    expect(spans).toContain('Springfield has 30,000 residents.');
    expect(spans.every((s) => s === s.trim() && s.length > 1)).toBe(true);
    expect(spans.join(' ')).toContain('The mayor is Lee.');
  });

  it('never fuses a heading with the next paragraph', () => {
    const text = 'Heading without stop\n\nBody sentence one. Body sentence two.';
    const spans = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['Heading without stop', 'Body sentence one.', 'Body sentence two.']);
  });
});

describe('sentence boundaries', () => {
  it('never end a sentence at a full stop inside a word: a path, a file name or an address goes on', () => {
    const text =
      'The configuration file is /etc/stashbox/server.toml on Linux. Run "sudo apt install ./setup_4.2.0.deb". ' +
      'Mail support@example.org or visit www.example.com today. Version 4.1.2 is out.';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'The configuration file is /etc/stashbox/server.toml on Linux.',
      'Run "sudo apt install ./setup_4.2.0.deb".',
      'Mail support@example.org or visit www.example.com today.',
      'Version 4.1.2 is out.',
    ]);
  });
});
