import type { Chunk, Span } from '../types.js';
import type { IndexedDocument } from './search-index.js';
import { asF64, asU32, decodeSections, decodeStrings, encodeSections, encodeStrings } from './sections.js';

/**
 * documents.bin and chunks.bin: what verbatim citations need (texts, sentence spans, chunk offsets) in the
 * binary section container. Texts are UTF-8 bytes with offsets, not JSON, so the corpus size is not bounded by
 * V8's string length; each document's small metadata is its own JSON string.
 */
type DocMeta = Omit<IndexedDocument, 'text' | 'sentences'>;

export function encodeDocuments(documents: readonly IndexedDocument[]): Uint8Array[] {
  const sentenceOffsets = new Float64Array(documents.length + 1);
  let spans = 0;
  documents.forEach((d, i) => (sentenceOffsets[i + 1] = spans += d.sentences.length));
  const flat = new Uint32Array(2 * spans);
  let at = 0;
  for (const d of documents) {
    for (const s of d.sentences) {
      flat[at++] = s.start;
      flat[at++] = s.end;
    }
  }
  const meta = documents.map(({ text: _t, sentences: _s, ...m }) => JSON.stringify(m));
  return encodeSections([
    ...encodeStrings(meta),
    ...encodeStrings(documents.map((d) => d.text)),
    sentenceOffsets,
    flat,
  ]);
}

export function decodeDocuments(file: Uint8Array): IndexedDocument[] {
  const [metaOffsets, metaBytes, textOffsets, textBytes, sentenceOffsetsS, flatS] = decodeSections(file);
  const meta = decodeStrings(metaOffsets, metaBytes);
  const texts = decodeStrings(textOffsets, textBytes);
  const sentenceOffsets = asF64(sentenceOffsetsS);
  const flat = asU32(flatS);
  if (
    texts.length !== meta.length ||
    sentenceOffsets.length !== meta.length + 1 ||
    2 * sentenceOffsets[meta.length] !== flat.length
  ) {
    throw new Error('document sections do not agree');
  }
  return meta.map((m, i) => {
    const sentences: Span[] = [];
    for (let s = sentenceOffsets[i]; s < sentenceOffsets[i + 1]; s++)
      sentences.push({ start: flat[2 * s], end: flat[2 * s + 1] });
    return { ...(JSON.parse(m) as DocMeta), text: texts[i], sentences };
  });
}

/** Chunks as (document number, start, end) and their ids; the text is the document's text between the offsets. */
export function encodeChunks(chunks: readonly Chunk[], documents: readonly IndexedDocument[]): Uint8Array[] {
  const docNo = new Map(documents.map((d, i) => [d.id, i]));
  const cols = new Uint32Array(3 * chunks.length);
  chunks.forEach((c, i) => {
    const n = docNo.get(c.docId);
    if (n === undefined) throw new Error(`chunk ${c.id} belongs to no indexed document`);
    cols.set([n, c.start, c.end], 3 * i);
  });
  return encodeSections([cols, ...encodeStrings(chunks.map((c) => c.id))]);
}

export function decodeChunks(file: Uint8Array, documents: readonly IndexedDocument[]): Chunk[] {
  const [colsS, idOffsets, idBytes] = decodeSections(file);
  const cols = asU32(colsS);
  const ids = decodeStrings(idOffsets, idBytes);
  if (cols.length !== 3 * ids.length) throw new Error('chunk sections do not agree');
  return ids.map((id, i) => {
    const doc = documents[cols[3 * i]];
    if (!doc) throw new Error('chunk points past the documents');
    const start = cols[3 * i + 1];
    const end = cols[3 * i + 2];
    return { id, docId: doc.id, text: doc.text.slice(start, end), start, end };
  });
}
