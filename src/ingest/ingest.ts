import { resolve } from 'node:path';
import { CitedError } from '../errors.js';
import type { CitedEmbeddings } from '../embeddings/index.js';
import { HybridIndex, currentPointer, lockIndexDir, readManifest, sameEmbedder, sha256 } from '../index/index.js';
import type { BaseVersion, IndexedDocument, SearchIndex, VersionFileOps, VersionTarget } from '../index/index.js';
import type { Chunk, CitedDocument, EmbedderInfo } from '../types.js';
import { CHUNKER, chunkText, sentenceSpans } from './chunker.js';
import { corpusSource } from './corpus-source.js';
import { readCorpusFile, scanCorpus } from './corpus.js';
import type { CorpusFile } from './corpus.js';
import { LOADER, parseDocument } from './loaders.js';
import { SUPPORTED_LIST } from './sniff.js';
import { DocumentSkipped } from './skipped.js';
import type { SkippedFile } from './skipped.js';

export type IngestPhase = 'load' | 'embed' | 'index' | 'write';

/** What the ingest pipeline needs, whatever it writes to. */
export interface PipelineOptions {
  roots: string[];
  embedder: CitedEmbeddings;
  /** Re-embed everything even when the previous index could be reused. */
  force?: boolean;
  /** `pages`, while files are read: the PDF pages read so far (a long PDF takes a while, and shows it). */
  onProgress?: (phase: IngestPhase, done: number, total: number, pages?: number) => void;
  /** Files larger than this are skipped as too large (CITED_MAX_FILE_MB; default MAX_DOCUMENT_BYTES). */
  maxFileBytes?: number;
  batchSize?: number;
}

export interface IngestOptions extends PipelineOptions {
  indexDir: string;
  /** How the new version's files are written (Node's fs by default; a faulty disk in tests). */
  fileOps?: VersionFileOps;
}

export interface IngestReport<I extends SearchIndex = SearchIndex> {
  index: I;
  /** The new version's name: its directory, or its id in the database. */
  dir: string;
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  embeddedChunks: number;
  /** Files left out, each with its reason; none of them stopped the ingest. */
  skipped: SkippedFile[];
  /** Files indexed with a caveat (an encoding guessed, pages without text), each with what was noticed. */
  warnings: IngestWarning[];
  ms: number;
}

/** The index files in `indexDir` as an ingest's target: the version on disk, and the writer of a new one. */
function fileTarget(indexDir: string, fileOps?: VersionFileOps): VersionTarget<HybridIndex, BaseVersion> {
  return {
    async live(embedder, chunker) {
      const name = currentPointer(indexDir);
      const previous = embedder && reusable(indexDir, embedder, chunker);
      return { name, reusable: previous ? baseOf(previous) : undefined };
    },
    async write(contents, from, progress) {
      progress('index', 0, 1);
      const vectors = contents.vectors.map((v) => {
        if (!v) throw new CitedError('INTERNAL', 'the index files keep every vector in memory: none is left to copy');
        return v;
      });
      const index = HybridIndex.build({ ...contents, vectors });
      progress('index', 1, 1);
      progress('write', 0, 1);
      const name = index.save(indexDir, { lockHeld: true, base: from.name, ops: fileOps });
      progress('write', 1, 1);
      return { index, name };
    },
  };
}

/** The previous index, when its embedder and chunker match ours so its vectors can be reused. */
function reusable(indexDir: string, embedder: EmbedderInfo, chunker: string): HybridIndex | undefined {
  try {
    const found = readManifest(indexDir);
    if (!found || found.manifest.chunker !== chunker) return undefined;
    if (!sameEmbedder(found.manifest.embedder, embedder)) return undefined;
    return HybridIndex.load(indexDir);
  } catch {
    return undefined; // a damaged old index is simply rebuilt
  }
}

/** A hybrid index as the base of the next version: its chunks and vectors are in memory. */
function baseOf(index: HybridIndex): BaseVersion {
  const rows = rowsByDocument(index);
  return {
    documents: () => index.documents(),
    document: (id) => index.document(id),
    chunksOf: (docId) => {
      const mine = rows.get(docId) ?? [];
      return { chunks: mine.map((r) => index.chunk(r)), vectors: mine.map((r) => index.vector(r)) };
    },
  };
}

/**
 * Builds a new index version from the corpus and swaps it in atomically. Only changed documents are embedded.
 * The writer lock is held throughout, and the version is swapped in only if CURRENT is still the one it started
 * from; a file that cannot be read or parsed is skipped with its reason, never the end of the ingest.
 */
export async function ingest(opts: IngestOptions): Promise<IngestReport<HybridIndex>> {
  // The writer lock is taken before the corpus is read: one ingest per index directory from start to swap.
  const release = lockIndexDir(opts.indexDir);
  try {
    return await ingestInto(fileTarget(opts.indexDir, opts.fileOps), opts);
  } finally {
    release();
  }
}

/** A file indexed with a caveat, and what was noticed. */
interface IngestWarning {
  path: string;
  message: string;
}

interface Loading {
  skipped: SkippedFile[];
  previous?: BaseVersion;
  maxBytes?: number;
}

/**
 * One file as a document (the previous index's, unparsed, when its bytes are the same: a PDF is not read again),
 * or its reason to be skipped recorded.
 */
async function loadOrSkip(f: CorpusFile, l: Loading): Promise<CitedDocument | IndexedDocument | undefined> {
  try {
    const bytes = readCorpusFile(f, l.maxBytes);
    const old = l.previous?.document(f.id);
    // Read by these loaders before and unchanged since: its text, title and pages would come out the same.
    if (old && old.sha256 === sha256(bytes) && old.loader === LOADER) return { ...old, path: f.path };
    return await parseDocument(bytes, f.path, f.id);
  } catch (e) {
    if (!(e instanceof DocumentSkipped)) throw e;
    l.skipped.push({ path: f.path, reason: e.reason });
    return undefined;
  }
}

const nothingToIndex = (roots: string[], skipped: SkippedFile[]) => {
  const first = skipped[0];
  const why = first ? ` (${skipped.length} file(s) skipped, e.g. ${first.path}: ${first.reason})` : '';
  return new CitedError('CORPUS_EMPTY', `no ${SUPPORTED_LIST} documents in ${roots.join(', ')}${why}`);
};

/**
 * The ingest pipeline, whatever the target: reads the corpus, keeps the base version's chunks and vectors for every
 * document whose text is unchanged, cuts and embeds the others, and has the target write the new version and make
 * it live.
 */
export async function ingestInto<I extends SearchIndex, B extends BaseVersion>(
  target: VersionTarget<I, B>,
  opts: PipelineOptions,
): Promise<IngestReport<I>> {
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const roots = opts.roots.map((r) => resolve(r));
  const { files, skipped } = scanCorpus(roots);
  if (files.length === 0) throw nothingToIndex(opts.roots, skipped);
  const from = await target.live(opts.force ? undefined : await opts.embedder.ready(), CHUNKER);
  const previous = from.reusable;

  const documents: IndexedDocument[] = [];
  const chunks: Chunk[] = [];
  const vectors: (Float32Array | null | undefined)[] = [];
  let added = 0;
  let changed = 0;
  let pages = 0;
  const loading: Loading = { skipped, previous, maxBytes: opts.maxFileBytes };
  const warnings: IngestWarning[] = [];
  for (let n = 0; n < files.length; n++) {
    const doc = await loadOrSkip(files[n], loading);
    pages += doc?.pageStarts?.length ?? 0;
    // A document read before keeps its warnings: every ingest's report names every file read with a caveat.
    for (const message of doc?.warnings ?? []) warnings.push({ path: files[n].path, message });
    const old = doc && previous?.document(doc.id);
    if (!doc) {
      progress('load', n + 1, files.length, pages);
      continue;
    }
    // The same text cuts into the same chunks: their vectors are kept even when the loaders read more of the file
    // (a better title) than before.
    if (old && old.sha256 === doc.sha256 && old.text === doc.text) {
      documents.push({ ...doc, sentences: old.sentences });
      const kept = previous!.chunksOf(doc.id);
      // Kept in memory (the files), or copied by the target from the base version's rows (null: a database).
      const same = kept?.chunks ?? chunkText(doc.id, doc.text, old.sentences);
      chunks.push(...same);
      vectors.push(...(kept?.vectors ?? same.map(() => null)));
    } else {
      if (old) changed++;
      else added++;
      const sentences = sentenceSpans(doc.text);
      documents.push({ ...doc, sentences });
      for (const c of chunkText(doc.id, doc.text, sentences)) {
        chunks.push(c);
        vectors.push(undefined);
      }
    }
    progress('load', n + 1, files.length, pages);
  }
  if (documents.length === 0) throw nothingToIndex(opts.roots, skipped);
  if (chunks.length === 0)
    throw new CitedError('CORPUS_EMPTY', `the documents in ${opts.roots.join(', ')} contain no text`);

  const todo = vectors.flatMap((v, i) => (v === undefined ? [i] : []));
  const batch = opts.batchSize ?? 256;
  for (let i = 0; i < todo.length; i += batch) {
    const rows = todo.slice(i, i + batch);
    const embedded = await opts.embedder.embedVectors(rows.map((r) => chunks[r].text));
    rows.forEach((r, k) => (vectors[r] = embedded[k]));
    progress('embed', Math.min(i + batch, todo.length), todo.length);
  }

  const contents = {
    documents,
    chunks,
    vectors: vectors as (Float32Array | null)[],
    embedder: opts.embedder.info(),
    chunker: CHUNKER,
    roots,
    source: corpusSource(roots),
  };
  const { index, name } = await target.write(contents, from, progress);
  const kept = new Set(documents.map((d) => d.id));
  const removed = previous ? previous.documents().filter((d) => !kept.has(d.id)).length : 0;
  return {
    index,
    dir: name,
    documents: documents.length,
    chunks: chunks.length,
    added,
    changed,
    unchanged: documents.length - added - changed,
    removed,
    embeddedChunks: todo.length,
    // In path order, whether a file was left out by the walk or by its loader: one list a reader can scan.
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    warnings,
    ms: performance.now() - t0,
  };
}

function rowsByDocument(index: HybridIndex): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  index.contents.chunks.forEach((c, i) => {
    const list = rows.get(c.docId);
    if (list) list.push(i);
    else rows.set(c.docId, [i]);
  });
  return rows;
}
