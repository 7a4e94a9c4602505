import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { Retriever } from '../../src/rag/index.js';
import type { SourceRetriever } from '../../src/rag/index.js';
import { CitedRetriever } from '../../src/rag/langchain-retriever.js';
import type { Source } from '../../src/types.js';
import { BruteForceIndex } from '../helpers/brute-force-index.js';
import { tempDir } from '../helpers/fixtures.js';
import { TermsRetriever } from '../helpers/terms-retriever.js';
import { sourceRetrieverContract } from './source-retriever.contract.js';

sourceRetrieverContract('the hybrid Retriever over the HybridIndex', async (corpusDir, embedder) => {
  const { index } = await ingest({ roots: [corpusDir], indexDir: tempDir(), embedder });
  return { retriever: new Retriever(index, embedder), document: (id) => index.document(id) };
});

sourceRetrieverContract('the hybrid Retriever over a brute-force index', async (corpusDir, embedder) => {
  const index = await BruteForceIndex.fromCorpus(corpusDir, embedder);
  return { retriever: new Retriever(index, embedder), document: (id) => index.document(id) };
});

sourceRetrieverContract('a words-only retriever (tests/helpers)', async (corpusDir, embedder) => {
  const index = await BruteForceIndex.fromCorpus(corpusDir, embedder);
  return { retriever: new TermsRetriever(index), document: (id) => index.document(id) };
});

/** A retriever that hands back fixed sources and records what it was asked. */
class FixedRetriever implements SourceRetriever {
  asked: { query: string; k?: number }[] = [];
  constructor(private readonly sources: Source[]) {}
  async retrieve(query: string, k?: number): Promise<Source[]> {
    this.asked.push({ query, k });
    return this.sources.slice(0, k);
  }
}

describe('CitedRetriever', () => {
  it('adapts any SourceRetriever to LangChain: one Document per source, with k passed through', async () => {
    const source: Source = {
      n: 1,
      docId: 'd',
      chunkId: 'd#0',
      title: 'D',
      text: 'Some text.',
      score: 1,
      start: 0,
      end: 10,
    };
    const inner = new FixedRetriever([source, { ...source, n: 2, chunkId: 'd#1' }]);
    const docs = await new CitedRetriever(inner, 1).invoke('a question');
    expect(inner.asked).toEqual([{ query: 'a question', k: 1 }]);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toBeInstanceOf(Document);
    expect(docs[0].pageContent).toBe('Some text.');
    expect(docs[0].id).toBe('d#0');
    expect(docs[0].metadata).toMatchObject({ n: 1, docId: 'd', title: 'D', start: 0, end: 10 });
    expect(docs[0].metadata.text).toBeUndefined();
  });
});
