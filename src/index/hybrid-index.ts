import { join } from 'node:path';
import { CitedError } from '../errors.js';
import type { Chunk, EmbedderInfo } from '../types.js';
import { cosine, UNIT } from '../vector-math.js';
import { Bm25Index } from './bm25.js';
import { decodeChunks, decodeDocuments, encodeChunks, encodeDocuments } from './doc-store.js';
import { HnswIndex } from './hnsw.js';
import { FORMAT_VERSION } from './manifest.js';
import type { Manifest } from './manifest.js';
import { currentVersionDir, openVersion, writeVersion } from './storage.js';
import type { WriteOptions } from './storage.js';
import type { IndexedDocument, IndexSize, SearchHit, SearchIndex } from './search-index.js';

const VECTOR_WEIGHT = 0.3;
/** Chunks each ranker proposes before blending: the measurements in `search`'s comment were made with 50. */
const CANDIDATES = 50;

export interface IndexContents {
  documents: IndexedDocument[];
  chunks: Chunk[];
  /** One unit vector per chunk, in chunk order. */
  vectors: Float32Array[];
  embedder: EmbedderInfo;
  chunker: string;
  roots: string[];
}

/** HNSW (meaning) and BM25 (words) over the same chunks, blended into one ranking; stored as files on disk. */
export class HybridIndex implements SearchIndex {
  private readonly byId: Map<string, IndexedDocument>;

  private constructor(
    readonly contents: IndexContents,
    private readonly hnsw: HnswIndex,
    private readonly bm25: Bm25Index,
  ) {
    this.byId = new Map(contents.documents.map((d) => [d.id, d]));
  }

  /** How long the last build of each structure took (ms): the benchmarks split ingest's index phase with it. */
  buildMs?: { hnsw: number; bm25: number };

  static build(contents: IndexContents): HybridIndex {
    const t0 = performance.now();
    const hnsw = HnswIndex.build(contents.vectors, contents.embedder.dims);
    const t1 = performance.now();
    const bm25 = Bm25Index.build(contents.chunks.map((c) => c.text));
    const index = new HybridIndex(contents, hnsw, bm25);
    index.buildMs = { hnsw: t1 - t0, bm25: performance.now() - t1 };
    return index;
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
    // Checksums are checked first (a CitedError naming the file); a file that passes but cannot be decoded is unreadable.
    const decode = <T>(file: string, read: () => T): T => {
      try {
        return read();
      } catch (e) {
        if (e instanceof CitedError) throw e;
        throw new CitedError(
          'INDEX_CORRUPT',
          `index file ${join(version.dir, file)} is unreadable; run \`cited ingest\` to rebuild it`,
        );
      }
    };
    const documents = decode('documents.bin', () => decodeDocuments(version.read('documents.bin')));
    const chunks = decode('chunks.bin', () => decodeChunks(version.read('chunks.bin'), documents));
    const raw = version.read('vectors.f32');
    const dims = m.embedder.dims;
    const flat =
      raw.byteOffset % 4 === 0
        ? new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
        : new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const vectors = chunks.map((_, i) => flat.subarray(i * dims, (i + 1) * dims));
    const hnsw = decode('hnsw.bin', () => HnswIndex.read(version.verify('hnsw.bin'), dims));
    const bm25 = decode('bm25.bin', () => Bm25Index.decode(version.read('bm25.bin')));
    if (hnsw.size !== chunks.length || flat.length !== chunks.length * dims || bm25.size !== chunks.length) {
      throw new CitedError('INDEX_CORRUPT', `index in ${indexDir} is inconsistent; run \`cited ingest\` to rebuild it`);
    }
    return new HybridIndex(
      { documents, chunks, vectors, embedder: m.embedder, chunker: m.chunker, roots: m.roots },
      hnsw,
      bm25,
    );
  }

  /** Writes a new version atomically; returns its directory. */
  save(indexDir: string, opts: WriteOptions = {}): string {
    const { documents, chunks, vectors, embedder } = this.contents;
    const flat = new Float32Array(vectors.length * embedder.dims);
    vectors.forEach((v, i) => flat.set(v, i * embedder.dims));
    return writeVersion(
      indexDir,
      {
        'documents.bin': encodeDocuments(documents),
        'chunks.bin': encodeChunks(chunks, documents),
        'vectors.f32': new Uint8Array(flat.buffer),
        'hnsw.bin': { writeTo: (path) => this.hnsw.write(path) },
        'bm25.bin': this.bm25.encode(),
      },
      this.manifest(),
      opts,
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
        id: d.id,
        title: d.title,
        date: d.date,
        url: d.url,
        sha256: d.sha256,
        path: d.path,
        chunks: perDoc.get(d.id) ?? 0,
      })),
    };
  }

  get embedder(): EmbedderInfo {
    return this.contents.embedder;
  }

  get roots(): readonly string[] {
    return this.contents.roots;
  }

  get size(): IndexSize {
    return { documents: this.contents.documents.length, chunks: this.contents.chunks.length };
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
   * Top-k chunks for a query: BM25 (scaled to its best hit) plus `VECTOR_WEIGHT` × cosine similarity, over the
   * union of both rankers' candidates. Measured on 1,500 SQuAD dev questions, reciprocal rank fusion let the
   * weaker word-vector ranking pull the right paragraph out of first place (hit@1 62 % against BM25's 82.5 %);
   * this blend keeps BM25's precision (82.7 %) and still finds a paraphrase that shares no word with the text.
   */
  async search(queryVector: Float32Array | undefined, queryText: string, k: number): Promise<SearchHit[]> {
    const vec = queryVector ? this.hnsw.search(queryVector, CANDIDATES) : [];
    const terms = this.bm25.search(queryText, CANDIDATES);
    const top = terms[0]?.score || 1;
    const bm = new Map(terms.map((h) => [h.row, h.score]));
    const sim = new Map(vec.map((h) => [h.row, h.similarity]));
    const rows = new Set([...terms.map((h) => h.row), ...vec.map((h) => h.row)]);
    const similarity = (row: number) => sim.get(row) ?? (queryVector ? cosine(queryVector, this.vector(row), UNIT) : 0);
    return [...rows]
      .map((row) => ({ row, score: (bm.get(row) ?? 0) / top + VECTOR_WEIGHT * similarity(row) }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, k)
      .map(({ row, score }) => ({
        row,
        chunk: this.chunk(row),
        score,
        similarity: similarity(row),
        bm25: bm.get(row),
      }));
  }

  /** Plain BM25 ranking, kept for baselines and diagnostics. */
  async searchTerms(queryText: string, k: number): Promise<SearchHit[]> {
    return this.bm25
      .search(queryText, k)
      .map((h) => ({ row: h.row, chunk: this.chunk(h.row), score: h.score, bm25: h.score }));
  }
}
