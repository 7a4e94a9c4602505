import { PostgresStore } from '../index/index.js';
import type { PostgresIndex } from '../index/index.js';
import { compareWithCorpus, corpusSource, ingestInto, sameSource } from '../ingest/index.js';
import type { Freshness, IngestReport, PipelineOptions } from '../ingest/index.js';
import type { IndexStore, LoadedVersion } from './index-store.js';

export interface PostgresIndexStoreOptions {
  /** CITED_STORE: a secret (it holds the password), so never part of a message. */
  url: string;
  log?: (message: string) => void;
  /** How long replaced versions are kept (OLD_VERSION_GRACE_MS by default). */
  graceMs?: number;
}

/**
 * The index in PostgreSQL (CITED_STORE). Connects on first use, so a database that is down at start fails the
 * start (or the request) and a later call tries again; replicas notice a new active version by polling its row.
 */
export class PostgresIndexStore implements IndexStore {
  readonly where = 'the PostgreSQL store (CITED_STORE)';
  private connecting?: Promise<PostgresStore>;
  /** The version last loaded: the start loads the version it has just checked, not again. */
  private last?: PostgresIndex;

  constructor(private readonly opts: PostgresIndexStoreOptions) {}

  /** The connected store; a failed connection is forgotten, so the next call tries again. */
  store(): Promise<PostgresStore> {
    this.connecting ??= PostgresStore.connect(this.opts.url, { log: this.opts.log, graceMs: this.opts.graceMs });
    this.connecting.catch(() => (this.connecting = undefined));
    return this.connecting;
  }

  async freshness(): Promise<Freshness> {
    const index = await this.active();
    if (!index) return { state: 'missing' };
    const { chunker, embedder, roots, documents } = index.version;
    return compareWithCorpus({ chunker, embedder, roots, documents });
  }

  async foreignCorpus(): Promise<string | undefined> {
    const index = await this.active();
    if (!index || sameSource(index.version.source, corpusSource(index.version.roots))) return undefined;
    const roots = index.version.roots.join(', ');
    const which = "another machine's, or a folder since replaced";
    return `version ${index.version.id} was read from another copy of ${roots} (${which})`;
  }

  async load(): Promise<LoadedVersion> {
    const index = await this.active();
    if (!index) throw new Error('no index version is active in the PostgreSQL store');
    return { index, name: String(index.version.id) };
  }

  versionLabel(name: string): string {
    return `version ${name} in ${this.where}`;
  }

  async liveVersion(): Promise<string | undefined> {
    const id = await (await this.store()).activeVersion();
    return id === undefined ? undefined : String(id);
  }

  async ingest(opts: PipelineOptions): Promise<IngestReport> {
    const report = await ingestInto(await this.store(), opts);
    this.last = report.index;
    return report;
  }

  /** Polls the active-version row: one indexed single-row read per interval, cheap even from many replicas. */
  watch(intervalMs: number, onChange: () => void): () => void {
    const timer = setInterval(onChange, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async close(): Promise<void> {
    const store = await this.connecting?.catch(() => undefined);
    this.connecting = undefined;
    await store?.close();
  }

  /** The active version, loaded (or the one last loaded, when it is still the active one). */
  private async active(): Promise<PostgresIndex | undefined> {
    const store = await this.store();
    const id = await store.activeVersion();
    if (id === undefined) return undefined;
    if (this.last?.version.id !== id) this.last = await store.open(id);
    return this.last;
  }
}
