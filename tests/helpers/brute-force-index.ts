import { resolve } from 'node:path';
import type { CitedEmbeddings } from '../../src/embeddings/index.js';
import { bm25Terms } from '../../src/index/index.js';
import type { IndexedDocument, IndexSize, SearchHit, SearchIndex } from '../../src/index/index.js';
import { chunkText, parseTextDocument, readCorpusFile, scanCorpus, sentenceSpans } from '../../src/ingest/index.js';
import type { Chunk, EmbedderInfo } from '../../src/types.js';
import { cosine, UNIT } from '../../src/vector-math.js';

/** The weight of meaning against words, as in the hybrid index: the same blend, computed without any structure. */
const VECTOR_WEIGHT = 0.3;

/**
 * A second `SearchIndex`, shaped nothing like the hybrid one: everything in plain arrays, every query compared with
 * every chunk (exact cosine, and the number of query terms a chunk contains instead of BM25). Its only purpose is to
 * show that the contract tests (tests/index/search-index.contract.ts) hold for any implementation.
 */
export class BruteForceIndex implements SearchIndex {
  private readonly byId: Map<string, IndexedDocument>;

  chunkCount(docId: string): number {
    return this.chunks.filter((c) => c.docId === docId).length;
  }

  private constructor(
    readonly embedder: EmbedderInfo,
    readonly roots: readonly string[],
    private readonly chunks: Chunk[],
    private readonly vectors: Float32Array[],
    documents: IndexedDocument[],
  ) {
    this.byId = new Map(documents.map((d) => [d.id, d]));
  }

  /** Reads the corpus the way `cited ingest` does (same loaders, same chunker), and embeds every chunk. */
  static async fromCorpus(root: string, embedder: CitedEmbeddings): Promise<BruteForceIndex> {
    const documents: IndexedDocument[] = [];
    const chunks: Chunk[] = [];
    for (const f of scanCorpus([resolve(root)]).files) {
      const doc = parseTextDocument(readCorpusFile(f), f.path, f.id);
      const sentences = sentenceSpans(doc.text);
      documents.push({ ...doc, sentences });
      chunks.push(...chunkText(doc.id, doc.text, sentences));
    }
    const vectors = await embedder.embedVectors(chunks.map((c) => c.text));
    return new BruteForceIndex(await embedder.ready(), [resolve(root)], chunks, vectors, documents);
  }

  get size(): IndexSize {
    return { documents: this.byId.size, chunks: this.chunks.length };
  }

  document(id: string): IndexedDocument | undefined {
    return this.byId.get(id);
  }

  documents(): readonly IndexedDocument[] {
    return [...this.byId.values()];
  }

  async search(queryVector: Float32Array | undefined, queryText: string, k: number): Promise<SearchHit[]> {
    const words = this.termCounts(queryText);
    const top = words.reduce((a, b) => Math.max(a, b), 1);
    const score = (row: number) =>
      words[row] / top + (queryVector ? VECTOR_WEIGHT * cosine(queryVector, this.vectors[row], UNIT) : 0);
    return this.best(k, (row) => (words[row] || queryVector ? score(row) : undefined));
  }

  async searchTerms(queryText: string, k: number): Promise<SearchHit[]> {
    const words = this.termCounts(queryText);
    return this.best(k, (row) => words[row] || undefined);
  }

  /** How many of the query's distinct terms each chunk contains. */
  private termCounts(queryText: string): number[] {
    const query = [...new Set(bm25Terms(queryText))];
    return this.chunks.map((c) => {
      const terms = new Set(bm25Terms(c.text));
      return query.filter((t) => terms.has(t)).length;
    });
  }

  /** The k best-scoring rows (a row scored undefined is not a hit), best first, ties by row. */
  private best(k: number, scoreOf: (row: number) => number | undefined): SearchHit[] {
    return this.chunks
      .map((chunk, row) => ({ row, chunk, score: scoreOf(row) }))
      .filter((h): h is SearchHit => h.score !== undefined)
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, k);
  }
}
