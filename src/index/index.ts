export { HybridIndex } from './hybrid-index.js';
export type { IndexContents } from './hybrid-index.js';
export type { IndexedDocument, IndexSize, SearchHit, SearchIndex } from './search-index.js';
export { bm25Terms } from './bm25.js';
export { sameEmbedder } from './embedder-match.js';
export { FORMAT_VERSION } from './manifest.js';
export type { DocumentEntry, Manifest } from './manifest.js';
export {
  currentPointer,
  currentVersionDir,
  currentVersionName,
  nodeFileOps,
  peekFormat,
  readManifest,
  sha256,
} from './storage.js';
export type { VersionFileOps, WriteOptions } from './storage.js';
export { acquire, lockIndexDir } from './lock.js';
export { writeFailure } from './write-error.js';
export type { BaseVersion, LiveVersion, NewVersion, VersionTarget, WriteProgress } from './version-target.js';
export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export type { PostgresIndex } from './postgres-index.js';
