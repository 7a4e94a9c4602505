import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embeddings/index.js';
import type { IndexedDocument } from '../../src/index/index.js';
import { DEFAULT_K } from '../../src/rag/index.js';
import type { SourceRetriever } from '../../src/rag/index.js';
import { corpusOf, wordVectors } from '../helpers/fixtures.js';
import { CONTRACT_CORPUS } from '../index/search-index.contract.js';

interface RetrieverSubject {
  retriever: SourceRetriever;
  /** The documents the sources point into, to check their quotes against. */
  document: (id: string) => IndexedDocument | undefined;
}

/** Builds the implementation under test over the files in `corpusDir` (the index contract's corpus). */
export type MakeRetriever = (corpusDir: string, embedder: LocalEmbeddings) => Promise<RetrieverSubject>;

const QUERIES = ['harbour ferry', 'When does the museum open?', 'Who approved the bridge budget?', 'Zyxtrel earnings'];

/** What every `SourceRetriever` must do: register it with a name and a builder, as source-retriever.test.ts does. */
export function sourceRetrieverContract(name: string, make: MakeRetriever): void {
  describe(`SourceRetriever contract: ${name}`, () => {
    let subject: RetrieverSubject;

    beforeAll(async () => {
      subject = await make(corpusOf(CONTRACT_CORPUS), new LocalEmbeddings(wordVectors()));
    });

    it('numbers at most k sources 1…n, DEFAULT_K when k is not given', async () => {
      for (const q of QUERIES) {
        for (const k of [1, 2, 4]) {
          const sources = await subject.retriever.retrieve(q, k);
          expect(sources.length).toBeGreaterThan(0);
          expect(sources.length).toBeLessThanOrEqual(k);
          expect(sources.map((s) => s.n)).toEqual(sources.map((_, i) => i + 1));
        }
        expect((await subject.retriever.retrieve(q)).length).toBeLessThanOrEqual(DEFAULT_K);
      }
      expect(await subject.retriever.retrieve('harbour', 2)).toHaveLength(2);
    });

    it('quotes each source’s document at its offsets, under the document’s title', async () => {
      for (const q of QUERIES)
        for (const s of await subject.retriever.retrieve(q, 4)) {
          const doc = subject.document(s.docId)!;
          expect(doc.text.slice(s.start, s.end)).toBe(s.text);
          expect(s.title).toBe(doc.title);
          expect(s.chunkId).toBeTruthy();
        }
    });

    it('puts the best source first, each chunk once', async () => {
      for (const q of QUERIES) {
        const sources = await subject.retriever.retrieve(q, 4);
        expect(sources.every((s, i) => i === 0 || sources[i - 1].score >= s.score)).toBe(true);
        expect(new Set(sources.map((s) => s.chunkId)).size).toBe(sources.length);
      }
      expect((await subject.retriever.retrieve('Zyxtrel earnings', 1))[0].docId).toBe('rare');
    });

    it('rejects with ABORTED when the request is already cancelled', async () => {
      const ac = new AbortController();
      ac.abort();
      await expect(subject.retriever.retrieve('harbour ferry', 3, ac.signal)).rejects.toMatchObject({
        code: 'ABORTED',
      });
    });
  });
}
