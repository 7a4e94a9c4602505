import { join } from 'node:path';
import { CitedError } from '../errors.js';
import type { Chunk, EmbedderInfo } from '../types.js';
import { Bm25Index } from './bm25.js';
import { decodeChunks, decodeDocuments, encodeChunks, encodeDocuments } from './doc-store.js';
import { HnswIndex } from './hnsw.js';
import { FORMAT_VERSION } from './manifest.js';
import type { Manifest } from './manifest.js';
import type { IndexedDocument } from './search-index.js';
import type { FileData } from './storage-files.js';
import { openVersion } from './storage.js';

/** The hybrid index's files on disk (one version of the index store): what is written, and how it is read back. */

export interface IndexContents {
  documents: IndexedDocument[];
  chunks: Chunk[];
  /** One unit vector per chunk, in chunk order. */
  vectors: Float32Array[];
  embedder: EmbedderInfo;
  chunker: string;
  roots: string[];
}

/** Everything a hybrid index holds: its contents and the two rankers built over them. */
export interface IndexParts {
  contents: IndexContents;
  hnsw: HnswIndex;
  bm25: Bm25Index;
}

/** Reads the live version once, every file checked against its checksum and the parts against each other. */
export function readParts(indexDir: string): IndexParts {
  const version = openVersion(indexDir);
  const m = version.manifest;
  // Checksums are checked first (a CitedError naming the file); a file that passes but cannot be decoded is
  // unreadable.
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
  return {
    contents: { documents, chunks, vectors, embedder: m.embedder, chunker: m.chunker, roots: m.roots },
    hnsw,
    bm25,
  };
}

/** The files of a version, by name. */
export function partFiles({ contents, hnsw, bm25 }: IndexParts): Record<string, FileData> {
  const { documents, chunks, vectors, embedder } = contents;
  const flat = new Float32Array(vectors.length * embedder.dims);
  vectors.forEach((v, i) => flat.set(v, i * embedder.dims));
  return {
    'documents.bin': encodeDocuments(documents),
    'chunks.bin': encodeChunks(chunks, documents),
    'vectors.f32': new Uint8Array(flat.buffer),
    'hnsw.bin': { writeTo: (path) => hnsw.write(path) },
    'bm25.bin': bm25.encode(),
  };
}

/** The manifest of a version, without the checksums (the store adds them as it writes the files). */
export function manifestOf(contents: IndexContents): Omit<Manifest, 'files'> {
  const { documents, chunks, embedder, chunker, roots } = contents;
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
