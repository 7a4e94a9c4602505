import { FORMAT_VERSION, peekFormat, readManifest } from '../index/index.js';
import type { Manifest } from '../index/index.js';
import { CHUNKER } from './chunker.js';
import { fingerprint, listCorpus } from './corpus.js';

export type Freshness =
  | { state: 'missing' }
  | { state: 'stale'; manifest: Manifest; reason: string }
  | { state: 'outdated'; roots: string[]; reason: string }
  | { state: 'fresh'; manifest: Manifest };

/** Whether the index still matches the files under the roots it was built from (by content hash). */
export function checkFreshness(indexDir: string, roots?: string[]): Freshness {
  let found: ReturnType<typeof readManifest>;
  try {
    found = readManifest(indexDir);
  } catch (e) {
    // An older cited's index is rebuilt from its roots; a newer or damaged one stays an error (no downgrades).
    const format = peekFormat(indexDir);
    if (format && format.version < FORMAT_VERSION) return { state: 'outdated', roots: format.roots, reason: `index format ${format.version} is older than ${FORMAT_VERSION}` };
    throw e;
  }
  if (!found) return { state: 'missing' };
  const { manifest } = found;
  if (manifest.chunker !== CHUNKER) return { state: 'stale', manifest, reason: 'the chunker changed' };
  const current = fingerprint(listCorpus(roots ?? manifest.roots));
  const indexed = new Map(manifest.documents.map((d) => [d.path, d.sha256]));
  if (current.size !== indexed.size) return { state: 'stale', manifest, reason: 'documents were added or removed' };
  for (const [path, hash] of current) {
    if (indexed.get(path) !== hash) return { state: 'stale', manifest, reason: `${path} changed` };
  }
  return { state: 'fresh', manifest };
}
