import { CitedError } from '../errors.js';
import type { Chunk, EmbedderInfo, Span } from '../types.js';
import { bm25Pass, bm25Terms } from './bm25.js';
import { rankPostings } from './bm25-top-k.js';
import type { Bm25Pass, TermHit } from './bm25-top-k.js';
import type { Query } from './postgres-pool.js';
import type { IndexedDocument, IndexSize, SearchHit, SearchIndex } from './search-index.js';
import type { BaseVersion } from './version-target.js';

/** The weight of meaning against words: the local hybrid index's (src/index/hybrid-index.ts says how it was chosen). */
const VECTOR_WEIGHT = 0.3;
/** Chunks each ranker proposes before blending, as in the local index. */
const CANDIDATES = 50;

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

/** One term's postings, as the writer stores them in `terms`: the rows holding it, ascending, and how often each. */
interface PostingsRow {
  term: string;
  rows: number[];
  freqs: number[];
}

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

/** The `txt` CTE: rows ranked by BM25 (best first, `ord` their order), sent as two arrays. */
function rankedRows(values: unknown[], hits: TermHit[]): string {
  values.push(
    hits.map((h) => h.row),
    hits.map((h) => h.score),
  );
  const [rows, ranks] = [`$${values.length - 1}`, `$${values.length}`];
  return `txt AS (SELECT * FROM unnest(${rows}::int[], ${ranks}::float8[]) WITH ORDINALITY AS t(row_no, rank, ord))`;
}

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
  /** Which copy of the roots the version was read from; absent for versions written before it was recorded. */
  source?: string[];
  /** BM25's collection statistics: how many chunks, and their average number of distinct terms. */
  terms: { chunks: number; averageLength: number };
  /** Each chunk's number of distinct terms, by row: BM25's length normalisation. */
  lengths: ArrayLike<number>;
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
  /**
   * BM25's per-row length factors (the local index's expression, the same bits) and per-row accumulators, reused:
   * each query fills and clears them without awaiting between.
   */
  private readonly pass: Bm25Pass;

  constructor(
    private readonly query: Query,
    readonly version: VersionContents,
  ) {
    this.byId = new Map(version.documents.map((d) => [d.id, d]));
    this.pass = bm25Pass(version.lengths, version.terms.averageLength || 1);
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
   * The local index's blend: each ranker's 50 candidates (words by BM25, scored from the query terms' postings; HNSW
   * by cosine, in the statement), and for their union the cosine similarity and the BM25 score; then BM25 scaled to
   * its best hit + VECTOR_WEIGHT × cosine, best first, ties by row.
   */
  async search(queryVector: Float32Array | undefined, queryText: string, k: number): Promise<SearchHit[]> {
    if (k <= 0) return [];
    const v = this.version.id;
    const d = this.dims(queryVector);
    const words = await this.bm25(queryText, CANDIDATES);
    const q = words.length > 0;
    if (!queryVector && !q) return [];
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
      ctes.push(rankedRows(values, words));
      union.push('SELECT row_no FROM txt');
    }
    const rows = await this.query<HitRow>(
      `WITH ${ctes.join(', ')} SELECT ${CHUNK_COLUMNS}, ${q ? 'txt.rank' : 'NULL::float8'} AS rank, ` +
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

  /** BM25 over the words alone, the baseline beside the blend. */
  async searchTerms(queryText: string, k: number): Promise<SearchHit[]> {
    const words = k > 0 ? await this.bm25(queryText, k) : [];
    if (words.length === 0) return [];
    const values: unknown[] = [];
    const rows = await this.query<HitRow>(
      `WITH ${rankedRows(values, words)} SELECT ${CHUNK_COLUMNS}, txt.rank, NULL AS similarity FROM txt ` +
        `JOIN chunks c ON c.version_id = ${this.version.id} AND c.row_no = txt.row_no ORDER BY txt.ord`,
      values,
    );
    return rows.map((r) => ({ row: r.row_no, chunk: chunkOf(r), score: r.rank!, bm25: r.rank! }));
  }

  /**
   * The `limit` best rows by BM25+, exactly as the local index ranks them (its loop, its order of float operations,
   * its ties): a repeated query word counts again, and a row's sum is multiplied by the number of distinct words it
   * matched. Only the query terms' postings are read, one indexed row per term, so a query costs what their
   * document frequencies add up to, as in the local index. (Scoring in SQL, from each matching chunk's tsvector,
   * read every chunk that shares any query word: 139 ms a search at 10k chunks on PostgreSQL 15, 20 times the local
   * index's; ts_rank, which has no inverse document frequency, was 1.3 points of hit@5 below it on SQuAD.)
   */
  private async bm25(queryText: string, limit: number): Promise<TermHit[]> {
    const qterms = lexemes(queryText);
    if (qterms.length === 0) return [];
    const found = await this.query<PostingsRow>(
      'SELECT term, rows, freqs FROM terms WHERE version_id = $1 AND term = ANY($2::text[])',
      [this.version.id, [...new Set(qterms)]],
    );
    const postings = new Map(found.map((p) => [p.term, { ...p, from: 0, to: p.rows.length }]));
    return rankPostings(qterms, (term) => postings.get(term), this.pass, limit);
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
