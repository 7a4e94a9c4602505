import { resolve } from 'node:path';
import { CitedError } from '../errors.js';
import type { CitedEmbeddings } from '../embeddings/index.js';
import { HybridIndex, readManifest } from '../index/index.js';
import type { IndexedDocument } from '../index/index.js';
import type { Chunk, EmbedderInfo } from '../types.js';
import { CHUNKER, chunkText, sentenceSpans } from './chunker.js';
import { listCorpus } from './corpus.js';
import { loadDocument } from './loaders.js';

export type IngestPhase = 'load' | 'embed' | 'index' | 'write';

export interface IngestOptions {
  roots: string[];
  indexDir: string;
  embedder: CitedEmbeddings;
  /** Re-embed everything even when the previous index could be reused. */
  force?: boolean;
  onProgress?: (phase: IngestPhase, done: number, total: number) => void;
  batchSize?: number;
}

export interface IngestReport {
  index: HybridIndex;
  dir: string;
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  embeddedChunks: number;
  ms: number;
}

const sameEmbedder = (a: EmbedderInfo, b: EmbedderInfo) => a.name === b.name && a.model === b.model && a.dims === b.dims;

/** The previous index, when its embedder and chunker match ours so its vectors can be reused. */
function reusable(indexDir: string, embedder: EmbedderInfo): HybridIndex | undefined {
  try {
    const found = readManifest(indexDir);
    if (!found || found.manifest.chunker !== CHUNKER) return undefined;
    if (!sameEmbedder(found.manifest.embedder, embedder)) return undefined;
    return HybridIndex.load(indexDir);
  } catch {
    return undefined; // a damaged old index is simply rebuilt
  }
}

/** Builds a new index version from the corpus and swaps it in atomically. Only changed documents are embedded. */
export async function ingest(opts: IngestOptions): Promise<IngestReport> {
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const roots = opts.roots.map((r) => resolve(r));
  const files = listCorpus(roots);
  if (files.length === 0) throw new CitedError('CORPUS_EMPTY', `no .txt, .md or .html documents in ${opts.roots.join(', ')}`);
  const previous = opts.force ? undefined : reusable(opts.indexDir, await opts.embedder.ready());
  const previousRows = previous ? rowsByDocument(previous) : new Map<string, number[]>();

  const documents: IndexedDocument[] = [];
  const chunks: Chunk[] = [];
  const vectors: (Float32Array | undefined)[] = [];
  let added = 0;
  let changed = 0;
  files.forEach((f, n) => {
    const doc = loadDocument(f.file, f.path, f.id);
    const old = previous?.document(doc.id);
    if (old && old.sha256 === doc.sha256) {
      documents.push({ ...old, path: doc.path });
      for (const row of previousRows.get(doc.id) ?? []) {
        chunks.push(previous!.chunk(row));
        vectors.push(previous!.vector(row));
      }
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
    progress('load', n + 1, files.length);
  });
  if (chunks.length === 0) throw new CitedError('CORPUS_EMPTY', `the documents in ${opts.roots.join(', ')} contain no text`);

  const todo = vectors.flatMap((v, i) => (v ? [] : [i]));
  const batch = opts.batchSize ?? 256;
  for (let i = 0; i < todo.length; i += batch) {
    const rows = todo.slice(i, i + batch);
    const embedded = await opts.embedder.embedVectors(rows.map((r) => chunks[r].text));
    rows.forEach((r, k) => (vectors[r] = embedded[k]));
    progress('embed', Math.min(i + batch, todo.length), todo.length);
  }

  const embedder = opts.embedder.info();
  progress('index', 0, 1);
  const index = HybridIndex.build({ documents, chunks, vectors: vectors as Float32Array[], embedder, chunker: CHUNKER, roots });
  progress('index', 1, 1);
  progress('write', 0, 1);
  const dir = index.save(opts.indexDir);
  progress('write', 1, 1);
  const kept = new Set(documents.map((d) => d.id));
  const removed = previous ? previous.contents.documents.filter((d) => !kept.has(d.id)).length : 0;
  return {
    index, dir, documents: documents.length, chunks: chunks.length, added, changed,
    unchanged: documents.length - added - changed, removed, embeddedChunks: todo.length, ms: performance.now() - t0,
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
