import { Document } from '@langchain/core/documents';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { Retriever } from '../../src/rag/index.js';
import { CitedRetriever } from '../../src/rag/langchain-retriever.js';
import { articleRuntime } from '../helpers/runtime.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime();
});

describe('retrieval', () => {
  it('numbers sources 1..k with offsets into their document', async () => {
    const sources = await rt.answers.search('How far is Hama from Aleppo?', 3);
    expect(sources.map((s) => s.n)).toEqual([1, 2, 3]);
    for (const s of sources) expect(rt.index().document(s.docId)!.text.slice(s.start, s.end)).toBe(s.text);
    expect(sources.some((s) => s.text.includes('110km'))).toBe(true);
  });

  it('works as a LangChain retriever inside a runnable chain', async () => {
    const retriever = new CitedRetriever(new Retriever(rt.index(), rt.embedder), 2);
    const chain = RunnableSequence.from([
      retriever,
      RunnableLambda.from((docs: Document[]) => docs.map((d) => d.metadata.chunkId as string)),
    ]);
    const ids = await chain.invoke('Who leads HTS?');
    expect(ids).toHaveLength(2);
    const docs = await retriever.invoke('Who leads HTS?');
    expect(docs[0]).toBeInstanceOf(Document);
    const { docId, start, end } = docs[0].metadata as { docId: string; start: number; end: number };
    expect(docs[0].pageContent).toBe(rt.index().document(docId)!.text.slice(start, end));
    expect(docs[0].metadata).toMatchObject({ n: 1, docId: 'hama-2024-12-06', date: '2024-12-06' });
  });
});
