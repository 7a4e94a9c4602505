import { FORMAT_VERSION, peekFormat, readManifest, sha256 } from '../index/index.js';
import type { Manifest } from '../index/index.js';
import { CHUNKER } from './chunker.js';
import { readCorpusFile, scanCorpus } from './corpus.js';
import type { CorpusFile } from './corpus.js';
import { parseTextDocument } from './loaders.js';
import { documentType } from './sniff.js';
import { DocumentSkipped } from './skipped.js';

/** What a version records about how it was made and from which files: a manifest, or a database's version rows. */
export type VersionSummary = Pick<Manifest, 'chunker' | 'embedder' | 'roots'> & {
  documents: readonly { path: string; sha256: string }[];
};

export type Freshness =
  | { state: 'missing' }
  | { state: 'stale'; manifest: VersionSummary; reason: string }
  | { state: 'outdated'; roots: string[]; reason: string }
  | { state: 'fresh'; manifest: VersionSummary };

/** A file's bytes, or undefined when the ingest would skip it (vanished, unreadable, a FIFO…): never a throw. */
function readOrSkip(f: CorpusFile): Buffer | undefined {
  try {
    return readCorpusFile(f);
  } catch (e) {
    if (e instanceof DocumentSkipped) return undefined;
    throw e;
  }
}

/**
 * Whether an ingest would index these bytes (a binary file or bad front matter is skipped, so not "added"). A PDF
 * or Word file is judged by its signature alone, not read: a check at every start must stay cheap, and the ingest
 * that follows reports one it cannot read.
 */
function indexable(bytes: Buffer, f: CorpusFile): boolean {
  const type = documentType(bytes, f.path);
  if (type === 'pdf' || type === 'docx') return true;
  try {
    parseTextDocument(bytes, f.path, f.id);
    return true;
  } catch (e) {
    if (e instanceof DocumentSkipped) return false;
    throw e;
  }
}

/** The first difference between the corpus and what the index recorded, judged the way ingest takes files. */
function firstChange(manifest: VersionSummary, roots: string[]): string | undefined {
  const indexed = new Map(manifest.documents.map((d) => [d.path, d.sha256]));
  let present = 0;
  for (const f of scanCorpus(roots).files) {
    const bytes = readOrSkip(f);
    if (!bytes) continue;
    const was = indexed.get(f.path);
    if (was === undefined) {
      if (indexable(bytes, f)) return `${f.path} was added`;
      continue;
    }
    present++;
    if (was !== sha256(bytes)) return `${f.path} changed`;
  }
  return present === indexed.size ? undefined : 'documents were removed';
}

/** Whether the index still matches the files under the roots it was built from (by content hash). */
export function checkFreshness(indexDir: string, roots?: string[]): Freshness {
  let found: ReturnType<typeof readManifest>;
  try {
    found = readManifest(indexDir);
  } catch (e) {
    // An older cited's index is rebuilt from its roots; a newer or damaged one stays an error (no downgrades).
    const format = peekFormat(indexDir);
    if (format && format.version < FORMAT_VERSION)
      return {
        state: 'outdated',
        roots: format.roots,
        reason: `index format ${format.version} is older than ${FORMAT_VERSION}`,
      };
    throw e;
  }
  if (!found) return { state: 'missing' };
  return compareWithCorpus(found.manifest, roots);
}

/** Whether a version still matches the files under the roots it was built from (by content hash), and the chunker. */
export function compareWithCorpus(manifest: VersionSummary, roots?: string[]): Freshness {
  if (manifest.chunker !== CHUNKER) return { state: 'stale', manifest, reason: 'the chunker changed' };
  const change = firstChange(manifest, roots ?? manifest.roots);
  return change ? { state: 'stale', manifest, reason: change } : { state: 'fresh', manifest };
}
