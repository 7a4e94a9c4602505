export { HybridIndex } from './hybrid-index.js';
export type { IndexContents, IndexedDocument, SearchHit } from './hybrid-index.js';
export { bm25Terms } from './bm25.js';
export { FORMAT_VERSION } from './manifest.js';
export type { DocumentEntry, Manifest } from './manifest.js';
export { currentVersionDir, peekFormat, readManifest, sha256 } from './storage.js';
