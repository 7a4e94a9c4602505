import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embeddings/index.js';
import type { SearchHit, SearchIndex } from '../../src/index/index.js';
import { corpusOf, wordVectors } from '../helpers/fixtures.js';

/**
 * The corpus every implementation is built from. `long` has many sentences, so it has several chunks and most of
 * them start past offset 0; `rare` holds a word no other document has; `town` says with other words what the
 * paraphrase query below asks.
 */
export const CONTRACT_CORPUS: Record<string, string> = {
  'long.txt': [
    'The harbour of Velmora was dredged in 1911 so that larger steamers could dock.',
    'Fishing boats still crowd the northern quay every morning.',
    'The lighthouse on the breakwater was automated in 1978.',
    'Its keeper moved to the mainland and wrote a book about the storms.',
    'A ferry to the island leaves the harbour at noon and returns at six.',
    'In winter the ferry runs only on weekdays.',
    'The harbour master keeps a log of every ship that enters the port.',
    'That log has been kept without a break since 1850.',
    'Merchants once traded salt and timber along the harbour wall.',
    'Today the old warehouses hold a museum of the harbour and its ships.',
    'The museum opens at ten and closes at five.',
    'Its most visited room shows a model of the dredging machines.',
  ].join(' '),
  'rare.txt': 'Zyxtrel corporation announced quarterly earnings on Tuesday. Its shares rose by four percent.',
  'town.txt': 'Insurgents seized the town after heavy fighting overnight. Residents fled to the hills.',
  'budget.md': '# Bridge repairs\n\nThe committee approved the budget for the bridge repairs. Work starts in May.',
};

/** The id ingest gives each file: its name, with the extension kept for all but .txt. */
const IDS: Record<string, string> = {
  'long.txt': 'long',
  'rare.txt': 'rare',
  'town.txt': 'town',
  'budget.md': 'budget-md',
};

/** Queries with hits in more than one document, so k, order and offsets are checked on real rankings. */
const QUERIES = ['harbour ferry', 'the harbour log of ships', 'bridge budget approved', 'Zyxtrel earnings', 'museum'];

/** Builds the implementation under test over the files in `corpusDir`, embedding with `embedder`. */
export type MakeSearchIndex = (corpusDir: string, embedder: LocalEmbeddings) => Promise<SearchIndex>;

const sortedBestFirst = (hits: SearchHit[]) =>
  hits.every(
    (h, i) => i === 0 || hits[i - 1].score > h.score || (hits[i - 1].score === h.score && hits[i - 1].row < h.row),
  );

/**
 * What every `SearchIndex` must do, whatever stores it: register it with a name and a builder, as
 * tests/index/search-index.test.ts does for each implementation.
 */
export function searchIndexContract(name: string, make: MakeSearchIndex): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    let embedder: LocalEmbeddings;
    let corpusDir: string;
    const search = (q: string, k: number) => index.search(embedder.embedText(q), q, k);

    beforeAll(async () => {
      corpusDir = corpusOf(CONTRACT_CORPUS);
      embedder = new LocalEmbeddings(wordVectors());
      index = await make(corpusDir, embedder);
    });

    it('says what it holds, what it was read from and which embedder made its vectors', () => {
      expect(index.size.documents).toBe(Object.keys(CONTRACT_CORPUS).length);
      expect(index.size.chunks).toBeGreaterThan(index.size.documents); // `long` has several
      expect(index.roots).toEqual([resolve(corpusDir)]);
      expect(index.embedder).toEqual(embedder.info());
    });

    it('documents() lists every document once, each the same as document(id) gives', () => {
      const all = index.documents();
      expect(all.length).toBe(index.size.documents);
      expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
      for (const d of all) expect(index.document(d.id)).toEqual(d);
    });

    it('chunkCount(id) counts each document’s chunks: they add up to the size; an unknown id has none', () => {
      const counts = index.documents().map((d) => index.chunkCount(d.id));
      expect(counts.every((n) => n >= 1)).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(index.size.chunks);
      expect(index.chunkCount(IDS['long.txt'])).toBeGreaterThan(1);
      for (const unknown of ['nope', '', 'constructor', '__proto__']) expect(index.chunkCount(unknown)).toBe(0);
    });

    it('document(id) returns each document with its text and sentences; an unknown id gives undefined', () => {
      for (const [file, content] of Object.entries(CONTRACT_CORPUS)) {
        const id = IDS[file];
        const doc = index.document(id);
        expect(doc?.id).toBe(id);
        const lastSentence = content.split('. ').at(-1)!;
        expect(doc!.text).toContain(lastSentence);
        expect(doc!.sentences.length).toBeGreaterThan(0);
        for (const s of doc!.sentences) expect(0 <= s.start && s.start < s.end && s.end <= doc!.text.length).toBe(true);
      }
      expect(index.document('budget-md')!.title).toBe('Bridge repairs');
      for (const unknown of ['nope', '', 'constructor', '__proto__', 'long.txt'])
        expect(index.document(unknown)).toBeUndefined();
    });

    it('every hit is its document’s text at the chunk’s offsets', async () => {
      let checked = 0;
      for (const q of QUERIES)
        for (const hits of [await search(q, 10), await index.searchTerms(q, 10)])
          for (const { chunk } of hits) {
            expect(index.document(chunk.docId)!.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
            checked++;
          }
      expect(checked).toBeGreaterThan(QUERIES.length * 2);
    });

    it('gives at most k hits, and k when there are that many', async () => {
      for (const q of QUERIES)
        for (const k of [0, 1, 2, 5]) {
          expect((await search(q, k)).length).toBeLessThanOrEqual(k);
          expect((await index.searchTerms(q, k)).length).toBeLessThanOrEqual(k);
        }
      expect(await search('harbour', 3)).toHaveLength(3);
      expect(await index.searchTerms('harbour', 3)).toHaveLength(3);
    });

    it('ranks best first (by score, then by row), each chunk once', async () => {
      for (const q of QUERIES)
        for (const hits of [await search(q, 10), await index.searchTerms(q, 10)]) {
          expect(sortedBestFirst(hits)).toBe(true);
          expect(new Set(hits.map((h) => h.chunk.id)).size).toBe(hits.length);
        }
    });

    it('asking for more hits does not reorder the first ones (the retriever over-fetches on this)', async () => {
      for (const q of QUERIES) {
        const few = (await search(q, 2)).map((h) => h.chunk.id);
        expect((await search(q, 8)).slice(0, few.length).map((h) => h.chunk.id)).toEqual(few);
      }
    });

    it('finds a document by a word only it has: with or without a query vector, and by terms alone', async () => {
      expect((await search('zyxtrel', 1))[0].chunk.docId).toBe('rare');
      expect((await index.search(undefined, 'zyxtrel', 1))[0].chunk.docId).toBe('rare');
      expect((await index.searchTerms('zyxtrel', 1))[0].chunk.docId).toBe('rare');
    });

    it('finds by meaning what shares no word with the query; terms alone do not', async () => {
      const q = 'rebels captured a city';
      expect((await search(q, 1))[0].chunk.docId).toBe('town');
      expect((await index.searchTerms(q, 5)).some((h) => h.chunk.docId === 'town')).toBe(false);
    });

    it('has nothing for a query without a known word and without a vector', async () => {
      expect(await index.search(undefined, 'qwxzv', 5)).toEqual([]);
      expect(await index.searchTerms('qwxzv', 5)).toEqual([]);
    });
  });
}
