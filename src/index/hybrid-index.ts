import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CitedError } from '../errors.js';
import type { Chunk, CitedDocument, EmbedderInfo, Span } from '../types.js';
import { Bm25Index } from './bm25.js';
import { HnswIndex } from './hnsw.js';
import { FORMAT_VERSION } from './manifest.js';
import type { Manifest } from './manifest.js';
import { currentVersionDir, openVersion, writeVersion } from './storage.js';

const VECTOR_WEIGHT = 0.3;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/** A document as the index keeps it: with its sentence spans, so answers can quote whole sentences. */
export interface IndexedDocument extends CitedDocument {
  sentences: Span[];
}

export interface IndexContents {
  documents: IndexedDocument[];
  chunks: Chunk[];
  /** One unit vector per chunk, in chunk order. */
  vectors: Float32Array[];
  embedder: EmbedderInfo;
  chunker: string;
  roots: string[];
}

export interface SearchHit {
  row: number;
  chunk: Chunk;
  score: number;
  similarity?: number;
  bm25?: number;
}

type StoredChunk = Omit<Chunk, 'text'>;
type StoredDoc = Omit<IndexedDocument, 'sentences'> & { sentences: number[] };

/** HNSW (meaning) and BM25 (words) over the same chunks, blended into one ranking. */
export class HybridIndex {
  private readonly byId: Map<string, IndexedDocument>;

  private constructor(
    readonly contents: IndexContents,
    private readonly hnsw: HnswIndex,
    private readonly bm25: Bm25Index,
  ) {
    this.byId = new Map(contents.documents.map((d) => [d.id, d]));
  }

  static build(contents: IndexContents): HybridIndex {
    return new HybridIndex(
      contents,
      HnswIndex.build(contents.vectors, contents.embedder.dims),
      Bm25Index.build(contents.chunks.map((c) => c.text)),
    );
  }

  /**
   * Loads the live version. A writer may swap in a new version (and remove an old one) while we read, so a
   * failure is retried when CURRENT moved meanwhile; a failure on a version that stayed live is real damage.
   */
  static load(indexDir: string): HybridIndex {
    for (let attempt = 0; ; attempt++) {
      const before = currentVersionDir(indexDir);
      try {
        return HybridIndex.loadOnce(indexDir);
      } catch (e) {
        if (attempt < 3 && currentVersionDir(indexDir) !== before) continue;
        throw e;
      }
    }
  }

  private static loadOnce(indexDir: string): HybridIndex {
    const version = openVersion(indexDir);
    const m = version.manifest;
    const parse = <T>(file: string): T => {
      try {
        return JSON.parse(version.read(file).toString('utf8')) as T;
      } catch (e) {
        if (e instanceof CitedError) throw e;
        throw new CitedError('INDEX_CORRUPT', `index file ${join(version.dir, file)} is unreadable; run \`cited ingest\` to rebuild it`);
      }
    };
    const storedDocs = parse<StoredDoc[]>('documents.json');
    const documents = storedDocs.map(({ sentences, ...d }) => ({ ...d, sentences: unflatten(sentences) }));
    const byId = new Map(documents.map((d) => [d.id, d]));
    const storedChunks = parse<StoredChunk[]>('chunks.json');
    const chunks = storedChunks.map((c) => ({ ...c, text: byId.get(c.docId)?.text.slice(c.start, c.end) ?? '' }));
    const raw = version.read('vectors.f32');
    const flat = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const dims = m.embedder.dims;
    const vectors = chunks.map((_, i) => flat.subarray(i * dims, (i + 1) * dims));
    version.read('hnsw.bin');
    let hnsw: HnswIndex;
    try {
      hnsw = HnswIndex.read(join(version.dir, 'hnsw.bin'), dims);
    } catch {
      throw new CitedError('INDEX_CORRUPT', `index file ${join(version.dir, 'hnsw.bin')} is unreadable; run \`cited ingest\` to rebuild it`);
    }
    let bm25: Bm25Index;
    try {
      bm25 = Bm25Index.fromJSON(version.read('bm25.json').toString('utf8'));
    } catch (e) {
      if (e instanceof CitedError) throw e;
      throw new CitedError('INDEX_CORRUPT', `index file ${join(version.dir, 'bm25.json')} is unreadable; run \`cited ingest\` to rebuild it`);
    }
    if (hnsw.size !== chunks.length) {
      throw new CitedError('INDEX_CORRUPT', `index in ${indexDir} is inconsistent; run \`cited ingest\` to rebuild it`);
    }
    return new HybridIndex({ documents, chunks, vectors, embedder: m.embedder, chunker: m.chunker, roots: m.roots }, hnsw, bm25);
  }

  /** Writes a new version atomically; returns its directory. */
  save(indexDir: string): string {
    const { documents, chunks, vectors, embedder } = this.contents;
    const flat = new Float32Array(vectors.length * embedder.dims);
    vectors.forEach((v, i) => flat.set(v, i * embedder.dims));
    const scratch = mkdtempSync(join(tmpdir(), 'cited-hnsw-'));
    let hnswBytes: Buffer;
    try {
      this.hnsw.write(join(scratch, 'hnsw.bin'));
      hnswBytes = readFileSync(join(scratch, 'hnsw.bin'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const storedDocs: StoredDoc[] = documents.map(({ sentences, ...d }) => ({ ...d, sentences: sentences.flatMap((s) => [s.start, s.end]) }));
    const storedChunks: StoredChunk[] = chunks.map(({ text: _text, ...c }) => c);
    return writeVersion(
      indexDir,
      {
        'documents.json': JSON.stringify(storedDocs),
        'chunks.json': JSON.stringify(storedChunks),
        'vectors.f32': new Uint8Array(flat.buffer),
        'hnsw.bin': hnswBytes,
        'bm25.json': this.bm25.toJSON(),
      },
      this.manifest(),
    );
  }

  manifest(): Omit<Manifest, 'files'> {
    const { documents, chunks, embedder, chunker, roots } = this.contents;
    const perDoc = new Map<string, number>();
    for (const c of chunks) perDoc.set(c.docId, (perDoc.get(c.docId) ?? 0) + 1);
    return {
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      chunker,
      embedder,
      roots,
      counts: { documents: documents.length, chunks: chunks.length },
      documents: documents.map((d) => ({
        id: d.id, title: d.title, date: d.date, url: d.url, sha256: d.sha256, path: d.path, chunks: perDoc.get(d.id) ?? 0,
      })),
    };
  }

  get embedder(): EmbedderInfo {
    return this.contents.embedder;
  }

  document(id: string): IndexedDocument | undefined {
    return this.byId.get(id);
  }

  chunk(row: number): Chunk {
    return this.contents.chunks[row];
  }

  vector(row: number): Float32Array {
    return this.contents.vectors[row];
  }

  /**
   * Top-k chunks for a query: BM25 (scaled to its best hit) plus `vectorWeight` × cosine similarity, over the
   * union of both rankers' candidates. Measured on 1,500 SQuAD dev questions, reciprocal rank fusion let the
   * weaker word-vector ranking pull the right paragraph out of first place (hit@1 62 % against BM25's 82.5 %);
   * this blend keeps BM25's precision (82.7 %) and still finds a paraphrase that shares no word with the text.
   */
  search(queryVector: Float32Array | undefined, queryText: string, k: number, candidates = 50, vectorWeight = VECTOR_WEIGHT): SearchHit[] {
    const vec = queryVector ? this.hnsw.search(queryVector, candidates) : [];
    const terms = this.bm25.search(queryText, candidates);
    const top = terms[0]?.score || 1;
    const bm = new Map(terms.map((h) => [h.row, h.score]));
    const sim = new Map(vec.map((h) => [h.row, h.similarity]));
    const rows = new Set([...terms.map((h) => h.row), ...vec.map((h) => h.row)]);
    const similarity = (row: number) => sim.get(row) ?? (queryVector ? cosine(queryVector, this.vector(row)) : 0);
    return [...rows]
      .map((row) => ({ row, score: (bm.get(row) ?? 0) / top + vectorWeight * similarity(row) }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, k)
      .map(({ row, score }) => ({ row, chunk: this.chunk(row), score, similarity: similarity(row), bm25: bm.get(row) }));
  }

  /** Plain BM25 ranking, kept for baselines and diagnostics. */
  searchTerms(queryText: string, k: number): SearchHit[] {
    return this.bm25.search(queryText, k).map((h) => ({ row: h.row, chunk: this.chunk(h.row), score: h.score, bm25: h.score }));
  }
}

function unflatten(flat: number[]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) spans.push({ start: flat[i], end: flat[i + 1] });
  return spans;
}
