/**
 * The binary container of the index files (format 2): a header, then sections of raw bytes, each padded to 8
 * bytes so typed arrays can view them in place. Writing returns a list of parts and reading returns views into
 * the one file buffer — no file ever passes through a single JS string, which is what capped format 1 (JSON)
 * below 1M chunks (V8's maximum string length is ≈ 512 MiB).
 *
 *   'CITB' | u32 1 | u32 sectionCount | u32 0 | f64 byteLength × sectionCount | sections (each padded to 8)
 */
const MAGIC = 0x42544943; // 'CITB' little-endian
const VERSION = 1;
const PIECE = 16 << 20;

/** A section is one byte array or several written back to back (texts are encoded in pieces). */
export type Section = ArrayBufferView | readonly ArrayBufferView[];

const bytesOf = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
const pad = (n: number) => (8 - (n % 8)) % 8;

export function encodeSections(sections: readonly Section[]): Uint8Array[] {
  const lists = sections.map((s) =>
    (Array.isArray(s) ? (s as readonly ArrayBufferView[]) : [s as ArrayBufferView]).map(bytesOf),
  );
  const lengths = lists.map((l) => l.reduce((n, b) => n + b.byteLength, 0));
  const header = new DataView(new ArrayBuffer(16 + 8 * lengths.length));
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, VERSION, true);
  header.setUint32(8, lengths.length, true);
  lengths.forEach((n, i) => header.setFloat64(16 + 8 * i, n, true));
  const parts: Uint8Array[] = [new Uint8Array(header.buffer)];
  lists.forEach((list, i) => {
    parts.push(...list);
    if (pad(lengths[i])) parts.push(new Uint8Array(pad(lengths[i])));
  });
  return parts;
}

/** Views of the sections of `file`; throws on anything that is not a well-formed container. */
export function decodeSections(file: Uint8Array): Uint8Array[] {
  // Typed-array views need aligned offsets; a buffer from the small-file pool may not be.
  // (A copy: `Buffer#slice` would return a view at the same offset.)
  const buf = file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 16 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION)
    throw new Error('not a cited index file');
  const count = view.getUint32(8, true);
  let at = 16 + 8 * count;
  if (at > buf.byteLength) throw new Error('truncated header');
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const n = view.getFloat64(16 + 8 * i, true);
    if (!Number.isSafeInteger(n) || n < 0 || at + n > buf.byteLength) throw new Error('section out of bounds');
    out.push(new Uint8Array(buf.buffer, buf.byteOffset + at, n));
    at += n + pad(n);
  }
  if (at !== buf.byteLength) throw new Error('trailing bytes');
  return out;
}

function typed<T>(make: (b: ArrayBufferLike, o: number, n: number) => T, size: number) {
  return (s: Uint8Array): T => {
    if (s.byteLength % size) throw new Error('section length is not a whole number of elements');
    return make(s.buffer, s.byteOffset, s.byteLength / size);
  };
}
export const asU32 = typed((b, o, n) => new Uint32Array(b, o, n), 4);
export const asU16 = typed((b, o, n) => new Uint16Array(b, o, n), 2);
export const asF64 = typed((b, o, n) => new Float64Array(b, o, n), 8);

/**
 * Many strings as two sections: byte offsets (n + 1, f64) and the UTF-8 bytes, encoded in 16 MiB pieces so no
 * joined string is ever built.
 */
export function encodeStrings(strings: readonly string[]): [Float64Array, Uint8Array[]] {
  const offsets = new Float64Array(strings.length + 1);
  const pieces: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let piece = new Uint8Array(PIECE);
  let used = 0;
  let total = 0;
  strings.forEach((s, i) => {
    if (used + s.length * 3 > piece.length) {
      pieces.push(piece.subarray(0, used));
      piece = new Uint8Array(Math.max(PIECE, s.length * 3));
      used = 0;
    }
    const { written } = encoder.encodeInto(s, piece.subarray(used));
    used += written;
    total += written;
    offsets[i + 1] = total;
  });
  pieces.push(piece.subarray(0, used));
  return [offsets, pieces];
}

export function decodeStrings(offsetsSection: Uint8Array, bytes: Uint8Array): string[] {
  const offsets = asF64(offsetsSection);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = offsets.length - 1;
  if (n < 0 || offsets[n] !== bytes.byteLength) throw new Error('string table does not match its bytes');
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (!(offsets[i] <= offsets[i + 1])) throw new Error('string offsets out of order');
    out[i] = buf.toString('utf8', offsets[i], offsets[i + 1]);
  }
  return out;
}
