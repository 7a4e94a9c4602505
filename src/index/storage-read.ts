import { join } from 'node:path';
import { CitedError } from '../errors.js';
import { FORMAT_VERSION, manifestSchema } from './manifest.js';
import type { Manifest } from './manifest.js';
import { readWhole, sha256, sha256File } from './storage-files.js';
import { MANIFEST, corrupt, currentVersionDir } from './storage-versions.js';

/** Reading the live version: its manifest, and its files each checked against the manifest's checksum. */

export interface StoredVersion {
  dir: string;
  manifest: Manifest;
  read(file: string): Buffer;
  /** Checks a file against its checksum without holding it in memory; returns its path. */
  verify(file: string): string;
}

/**
 * The live version's format and roots, read without validating the rest: an index written by an older cited is
 * rebuilt from the same roots rather than refused.
 */
export function peekFormat(indexDir: string): { version: number; roots: string[] } | undefined {
  const dir = currentVersionDir(indexDir);
  if (!dir) return undefined;
  try {
    const raw = JSON.parse(readWhole(join(dir, MANIFEST)).toString('utf8')) as {
      formatVersion?: unknown;
      roots?: unknown;
    };
    const roots = Array.isArray(raw.roots) ? raw.roots.filter((r): r is string => typeof r === 'string') : [];
    return typeof raw.formatVersion === 'number' ? { version: raw.formatVersion, roots } : undefined;
  } catch {
    return undefined;
  }
}

export function readManifest(indexDir: string): { dir: string; manifest: Manifest } | undefined {
  const dir = currentVersionDir(indexDir);
  if (!dir) return undefined;
  const path = join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(readWhole(path).toString('utf8'));
  } catch {
    throw corrupt(`index manifest ${path} is missing or unreadable`, indexDir);
  }
  const parsed = manifestSchema.safeParse(raw);
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    throw corrupt(
      `index in ${dir} has format ${version}, written by ${version < FORMAT_VERSION ? 'an older' : 'a newer'} cited ` +
        `(this one reads format ${FORMAT_VERSION})`,
      indexDir,
    );
  }
  if (!parsed.success) throw corrupt(`index manifest ${path} is not a cited v${FORMAT_VERSION} manifest`, indexDir);
  return { dir, manifest: parsed.data };
}

/** Opens the live version; every file read is checked against the manifest's checksum. */
export function openVersion(indexDir: string): StoredVersion {
  const found = readManifest(indexDir);
  if (!found) throw new CitedError('INDEX_MISSING', `no index in ${indexDir}; run \`cited ingest\``);
  const { dir, manifest } = found;
  return {
    dir,
    manifest,
    read: (file) =>
      checked(file, (path) => {
        const data = readWhole(path);
        return { sum: sha256(data), value: data };
      }),
    verify: (file) => checked(file, (path) => ({ sum: sha256File(path), value: path })),
  };

  /** Loads a file of the version and checks its checksum against the manifest; damage is INDEX_CORRUPT. */
  function checked<T>(file: string, load: (path: string) => { sum: string; value: T }): T {
    const path = join(dir, file);
    let got: { sum: string; value: T };
    try {
      got = load(path);
    } catch (e) {
      throw corrupt(`index file ${path} ${missingOr(e)}`, indexDir);
    }
    if (got.sum !== manifest.files[file]) throw corrupt(`index file ${path} is damaged (checksum mismatch)`, indexDir);
    return got.value;
  }
}

const missingOr = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(e as Error).message})`;
