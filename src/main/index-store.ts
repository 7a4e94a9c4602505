import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { currentVersionDir } from '../index/index.js';
import type { SearchIndex } from '../index/index.js';
import { checkFreshness, ingest } from '../ingest/index.js';
import type { Freshness, IngestReport, PipelineOptions } from '../ingest/index.js';

/** A version of the index, loaded, and its name: a reload loads only a version it has not seen. */
export interface LoadedVersion {
  index: SearchIndex;
  name: string;
}

/**
 * Where the versions of the index are written, read and watched: the lifecycle's one seam to storage. Files in a
 * directory (the default) and PostgreSQL (CITED_STORE) are the two implementations; the composition root picks one.
 */
export interface IndexStore {
  /** Where the versions live, for messages: a directory, or the database. */
  readonly where: string;
  /** Whether the live version still matches the corpus (missing, stale, outdated or fresh). */
  freshness(): Promise<Freshness>;
  /**
   * Why this process must not rebuild the live version from the corpus it sees, or undefined when it may: in a store
   * shared by machines, the live version may have been read from another machine's copy of the corpus folder, and
   * this one's may differ or be absent. Only `cited ingest`, run on purpose, replaces such a version.
   */
  foreignCorpus(): Promise<string | undefined>;
  /** Loads the live version. */
  load(): Promise<LoadedVersion>;
  /** How a report names a version: a directory is its path, a database version its id and the store. */
  versionLabel(name: string): string;
  /** The live version's name; undefined when there is none. */
  liveVersion(): Promise<string | undefined>;
  /** Builds a new version from the corpus (the shared pipeline: load → chunk → embed) and makes it live. */
  ingest(opts: PipelineOptions): Promise<IngestReport>;
  /** Calls `onChange` whenever the live version may have moved, looking every `intervalMs`; returns how to stop. */
  watch(intervalMs: number, onChange: () => void): () => void;
  /** Lets go of what the store holds open (a connection pool). */
  close(): Promise<void>;
}

export interface FileIndexStoreOptions {
  indexDir: string;
  /** Opens the live version in `indexDir` (the composition root passes the hybrid index's loader). */
  load: (indexDir: string) => SearchIndex;
}

/** Versions as directories under `indexDir`, the live one named by its CURRENT file. */
export class FileIndexStore implements IndexStore {
  constructor(private readonly opts: FileIndexStoreOptions) {}

  get where(): string {
    return this.opts.indexDir;
  }

  async freshness(): Promise<Freshness> {
    return checkFreshness(this.opts.indexDir);
  }

  /** Never: the files of a version are read by the machines that see the folder they sit in, corpus and all. */
  async foreignCorpus(): Promise<string | undefined> {
    return undefined;
  }

  async load(): Promise<LoadedVersion> {
    const name = currentVersionDir(this.opts.indexDir) ?? '';
    return { index: this.opts.load(this.opts.indexDir), name };
  }

  versionLabel(name: string): string {
    return name;
  }

  async liveVersion(): Promise<string | undefined> {
    return currentVersionDir(this.opts.indexDir) ?? undefined;
  }

  ingest(opts: PipelineOptions): Promise<IngestReport> {
    return ingest({ ...opts, indexDir: this.opts.indexDir });
  }

  /** Polls CURRENT (fs.watchFile: it works on every file system, network mounts included). */
  watch(intervalMs: number, onChange: () => void): () => void {
    const pointer = join(this.opts.indexDir, 'CURRENT');
    const listener = () => onChange();
    watchFile(pointer, { interval: intervalMs }, listener);
    return () => unwatchFile(pointer, listener);
  }

  async close(): Promise<void> {}
}
