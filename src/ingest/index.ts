export { ingest } from './ingest.js';
export type { IngestPhase, IngestReport } from './ingest.js';
export { checkFreshness } from './freshness.js';
export { CHUNKER, MAX_CHUNK_CHARS, chunkText, sentenceSpans } from './chunker.js';
export { listCorpus, readCorpusFile, scanCorpus } from './corpus.js';
export { loadDocument, loadTextDocument, parseDocument, parseTextDocument } from './loaders.js';
export { MAX_DOCUMENT_BYTES } from '../limits.js';
export { splitDateLine } from './date-line.js';
export { documentType, typeFromName } from './sniff.js';
