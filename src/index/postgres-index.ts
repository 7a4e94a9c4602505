import { CitedError } from '../errors.js';
import type { Chunk, EmbedderInfo, Span } from '../types.js';
import { bm25Terms } from './bm25.js';
import type { Query } from './postgres-pool.js';
import type { IndexedDocument, IndexSize, SearchHit, SearchIndex } from './search-index.js';
import type { BaseVersion } from './version-target.js';

/** The weight of meaning against words: the local hybrid index's (src/index/hybrid-index.ts says how it was chosen). */
const VECTOR_WEIGHT = 0.3;
/** Chunks each ranker proposes before blending, as in the local index. */
const CANDIDATES = 50;
/**
 * ts_rank's length normalisation (a bit mask; 0 = none). BM25 discounts long chunks by their length; chunks are
 * cut to at most four sentences, so their lengths vary little, and SQuAD measured no gain from a normalisation.
 */
const RANK_NORMALIZATION = 0;

/**
 * A chunk's or a query's words as full-text lexemes: the local BM25's own terms (stop words dropped, Porter2 stems),
 * so both stores match the same words. Apostrophes are dropped: a lexeme of letters and digits needs no quoting in a
 * tsquery.
 */
export function lexemes(text: string): string[] {
  return bm25Terms(text)
    .map((t) => t.replace(/['’]/g, ''))
    .filter(Boolean);
}

/** A query's words as a tsquery: any of them (ranked by ts_rank, as BM25 ranks by the terms each chunk has). */
const tsQuery = (text: string) => [...new Set(lexemes(text))].join(' | ');

/** A vector in pgvector's text form. */
export const vectorLiteral = (v: Float32Array) => `[${Array.from(v).join(',')}]`;

interface HitRow {
  row_no: number;
  chunk_id: string;
  doc_id: string;
  body: string;
  start_offset: number;
  end_offset: number;
  rank: number | null;
  similarity: number | null;
}

const CHUNK_COLUMNS = 'c.row_no, c.chunk_id, c.doc_id, c.body, c.start_offset, c.end_offset';

const chunkOf = (r: HitRow): Chunk => ({
  id: r.chunk_id,
  docId: r.doc_id,
  text: r.body,
  start: r.start_offset,
  end: r.end_offset,
});

/** What a loaded version holds in memory: its record and its documents (small beside chunks and vectors). */
export interface VersionContents {
  id: number;
  embedder: EmbedderInfo;
  chunker: string;
  roots: string[];
  documents: IndexedDocument[];
  chunkCounts: Map<string, number>;
}

/**
 * One version of the index in PostgreSQL: documents in memory (the answer path checks citations against their text
 * while it streams), chunks and vectors searched in the database. A version never changes once written, so an
 * instance stays valid until the version is cleaned up, a grace period after another one was made live.
 */
export class PostgresIndex implements SearchIndex, BaseVersion {
  private readonly byId: Map<string, IndexedDocument>;

  constructor(
    private readonly query: Query,
    readonly version: VersionContents,
  ) {
    this.byId = new Map(version.documents.map((d) => [d.id, d]));
  }

  get embedder(): EmbedderInfo {
    return this.version.embedder;
  }

  get roots(): readonly string[] {
    return this.version.roots;
  }

  get size(): IndexSize {
    let chunks = 0;
    for (const n of this.version.chunkCounts.values()) chunks += n;
    return { documents: this.version.documents.length, chunks };
  }

  document(id: string): IndexedDocument | undefined {
    return this.byId.get(id);
  }

  documents(): readonly IndexedDocument[] {
    return this.version.documents;
  }

  chunkCount(docId: string): number {
    return this.version.chunkCounts.get(docId) ?? 0;
  }

  /** Vectors stay in the database: the writer copies them from this version's rows. */
  chunksOf(): undefined {
    return undefined;
  }

  /**
   * The local index's blend, in one statement: each ranker's 50 candidates (HNSW by cosine, full text by ts_rank),
   * and for their union the cosine similarity and the rank; then ts_rank scaled to its best hit + VECTOR_WEIGHT ×
   * cosine, best first, ties by row.
   */
  async search(queryVector: Float32Array | undefined, queryText: string, k: number): Promise<SearchHit[]> {
    const q = tsQuery(queryText);
    if (k <= 0 || (!queryVector && !q)) return [];
    const v = this.version.id;
    const d = this.dims(queryVector);
    const values: unknown[] = [];
    const ctes: string[] = [];
    const union: string[] = [];
    let similarity = 'NULL::float8';
    if (queryVector) {
      values.push(vectorLiteral(queryVector));
      const distance = `c.embedding::vector(${d}) <=> $${values.length}::vector(${d})`;
      ctes.push(
        `vec AS (SELECT c.row_no FROM chunks c WHERE c.version_id = ${v} ORDER BY ${distance} LIMIT ${CANDIDATES})`,
      );
      union.push('SELECT row_no FROM vec');
      similarity = `1 - (${distance})`;
    }
    if (q) {
      values.push(q);
      ctes.push(
        `txt AS (SELECT c.row_no, ts_rank(c.terms, q, ${RANK_NORMALIZATION}) AS rank ` +
          `FROM chunks c, to_tsquery('simple', $${values.length}) q ` +
          `WHERE c.version_id = ${v} AND c.terms @@ q ORDER BY rank DESC, c.row_no LIMIT ${CANDIDATES})`,
      );
      union.push('SELECT row_no FROM txt');
    }
    const rows = await this.query<HitRow>(
      `WITH ${ctes.join(', ')} SELECT ${CHUNK_COLUMNS}, ${q ? 'txt.rank' : 'NULL::real'} AS rank, ` +
        `${similarity} AS similarity FROM chunks c ${q ? 'LEFT JOIN txt USING (row_no)' : ''} ` +
        `WHERE c.version_id = ${v} AND c.row_no IN (${union.join(' UNION ')})`,
      values,
    );
    const top = rows.reduce((m, r) => Math.max(m, r.rank ?? 0), 0) || 1;
    // A zero vector (a chunk without a known word) has no direction: pgvector says NaN, the local index 0.
    const sim = (r: HitRow) => (r.similarity === null || Number.isNaN(r.similarity) ? 0 : r.similarity);
    return rows
      .map((r) => ({ r, score: (r.rank ?? 0) / top + VECTOR_WEIGHT * sim(r) }))
      .sort((a, b) => b.score - a.score || a.r.row_no - b.r.row_no)
      .slice(0, k)
      .map(({ r, score }) => ({
        row: r.row_no,
        chunk: chunkOf(r),
        score,
        similarity: sim(r),
        bm25: r.rank ?? undefined,
      }));
  }

  /** Full-text ranking alone (ts_rank), the baseline beside the blend. */
  async searchTerms(queryText: string, k: number): Promise<SearchHit[]> {
    const q = tsQuery(queryText);
    if (k <= 0 || !q) return [];
    const rows = await this.query<HitRow>(
      `SELECT ${CHUNK_COLUMNS}, ts_rank(c.terms, q, ${RANK_NORMALIZATION}) AS rank, NULL AS similarity ` +
        `FROM chunks c, to_tsquery('simple', $1) q WHERE c.version_id = ${this.version.id} AND c.terms @@ q ` +
        'ORDER BY rank DESC, c.row_no LIMIT $2',
      [q, k],
    );
    return rows.map((r) => ({ row: r.row_no, chunk: chunkOf(r), score: r.rank!, bm25: r.rank! }));
  }

  /** The dimension to search in, checked against the query's: another embedder's vector cannot be compared. */
  private dims(queryVector: Float32Array | undefined): number {
    const { embedder } = this.version;
    if (queryVector && queryVector.length !== embedder.dims) {
      throw new CitedError(
        'INDEX_EMBEDDER_MISMATCH',
        `the query vector has ${queryVector.length} dims but the index was built with ${embedder.dims}`,
      );
    }
    return embedder.dims;
  }
}

/** Sentence spans as stored (pairs, to keep the rows small). */
export const spansOf = (pairs: [number, number][]): Span[] => pairs.map(([start, end]) => ({ start, end }));
