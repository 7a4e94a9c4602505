import type { CitedEmbeddings } from '../embeddings/index.js';
import { CitedError, isCitedError } from '../errors.js';
import { sameEmbedder } from '../index/index.js';
import type { SearchIndex } from '../index/index.js';
import type { IngestPhase, IngestReport } from '../ingest/index.js';
import type { IndexStore } from './index-store.js';

type Log = (message: string) => void;

export interface IndexLifecycleOptions {
  /** Where the versions are written, read and watched: the composition root chooses the implementation. */
  store: IndexStore;
  /** What is ingested when there is no index yet. */
  corpusDir: string;
  /** Files above this size are skipped (CITED_MAX_FILE_MB). */
  maxFileBytes?: number;
  embedder: CitedEmbeddings;
  log?: Log;
  onProgress?: (phase: IngestPhase, done: number, total: number, pages?: number) => void;
}

/**
 * The index a process serves, from start to swap: loading it (building or refreshing it first when the corpus moved
 * on), re-ingesting, and picking up a version another process wrote. A new index replaces the old in one
 * assignment, so each answer keeps the index it started with until it is done.
 */
export class IndexLifecycle {
  private live?: SearchIndex;
  /** The version the live index came from: a reload loads only a version it has not seen. */
  private loadedFrom?: string;
  /** A reload under way: a watcher's next tick does not start another. */
  private reloading = false;
  /** Why the last reload kept the current index: a database down for minutes is logged once, not every second. */
  private kept?: string;

  constructor(private readonly opts: IndexLifecycleOptions) {}

  current(): SearchIndex {
    if (!this.live) throw new CitedError('INDEX_MISSING', 'the index is not loaded yet');
    return this.live;
  }

  swap(index: SearchIndex): void {
    this.live = index;
  }

  /** Builds a new version from `roots` (the configured corpus by default) and swaps it in. */
  async ingest(roots?: readonly string[], force = false): Promise<IngestReport> {
    const report = await this.opts.store.ingest({
      roots: roots?.length ? [...roots] : [this.opts.corpusDir],
      embedder: this.opts.embedder,
      force,
      onProgress: this.opts.onProgress,
      maxFileBytes: this.opts.maxFileBytes,
    });
    this.live = report.index;
    this.loadedFrom = report.dir;
    return report;
  }

  /** Re-reads the folders the live index was built from, when they are the copy it was read from. */
  async reingest(): Promise<IngestReport> {
    await this.checkOwnCorpus();
    return this.ingest(this.current().roots);
  }

  /**
   * Refuses (CORPUS_MISMATCH) a change this process would make from another copy of the corpus than the live
   * version's: in a store shared by machines, that would replace every replica's index with this machine's folder.
   */
  async checkOwnCorpus(): Promise<void> {
    const foreign = await this.opts.store.foreignCorpus();
    if (!foreign) return;
    throw new CitedError(
      'CORPUS_MISMATCH',
      `${foreign}: change the documents where that corpus is, or run \`cited ingest\` there`,
    );
  }

  /** Loads the index, building or refreshing it first when it is missing or the corpus changed. */
  async ensure(): Promise<SearchIndex> {
    const { store, log } = this.opts;
    const foreign = await store.foreignCorpus();
    if (foreign) return this.loadForeign(foreign);
    const fresh = await store.freshness();
    if (fresh.state === 'stale' || fresh.state === 'fresh') this.checkEmbedder(fresh.manifest.embedder);
    if (fresh.state === 'fresh') {
      const { index, name } = await store.load();
      this.live = index;
      this.loadedFrom = name;
      return index;
    }
    if (fresh.state === 'missing') {
      log?.('no index yet: ingesting the corpus…');
      return this.logSkipped(await this.ingest()).index;
    }
    log?.(`index is stale (${fresh.reason}): re-ingesting…`);
    const roots = fresh.state === 'stale' ? fresh.manifest.roots : fresh.roots;
    return this.logSkipped(await this.ingest(roots, fresh.state === 'outdated')).index;
  }

  /** A replica on another machine than the corpus: it serves the live version as it is, never rebuilding it. */
  private async loadForeign(why: string): Promise<SearchIndex> {
    const { index, name } = await this.opts.store.load();
    this.checkEmbedder(index.embedder);
    this.opts.log?.(`${why}: serving it as it is (\`cited ingest\` where that corpus is updates it)`);
    this.live = index;
    this.loadedFrom = name;
    return index;
  }

  /**
   * Swaps in a version that another process (`cited ingest`, another replica) made live, if there is one this
   * process has not loaded; whatever goes wrong (a CURRENT naming something outside the index directory, a
   * database that is down, a version made by another embedder) keeps the current index and is logged, never thrown.
   */
  async reload(): Promise<void> {
    const { store, log } = this.opts;
    if (this.reloading) return;
    this.reloading = true;
    try {
      const now = await store.liveVersion();
      if (now === this.loadedFrom) this.kept = undefined; // reachable and up to date: the next failure is news
      if (!this.live || !now || now === this.loadedFrom) return;
      const { index, name } = await store.load();
      this.checkEmbedder(index.embedder);
      this.live = index;
      this.loadedFrom = name;
      this.kept = undefined;
      log?.(`loaded the new index ${name}`);
    } catch (e) {
      const why = `kept the current index: ${(e as Error).message}`;
      if (why !== this.kept) log?.(why);
      this.kept = why;
    } finally {
      this.reloading = false;
    }
  }

  /** Looks for a new live version every `intervalMs` and reloads when there is one; returns how to stop. */
  watch(intervalMs: number): () => void {
    return this.opts.store.watch(intervalMs, () => void this.reload());
  }

  private checkEmbedder(built: SearchIndex['embedder']): void {
    const want = this.opts.embedder.info();
    if (sameEmbedder(built, want)) return;
    throw new CitedError(
      'INDEX_EMBEDDER_MISMATCH',
      `the index in ${this.opts.store.where} was built with ${built.name}:${built.model} (${built.dims} dims) but ` +
        `${want.name}:${want.model} is configured; run \`cited ingest\` to rebuild it`,
    );
  }

  /** An ingest run on the way to serving has no report printed: what it left out is logged instead. */
  private logSkipped(report: IngestReport): IngestReport {
    for (const s of report.skipped) this.opts.log?.(`skipped ${JSON.stringify(s.path)}: ${s.reason}`);
    for (const w of report.warnings) this.opts.log?.(`warning ${JSON.stringify(w.path)}: ${w.message}`);
    return report;
  }
}

/** How often a SIGHUP re-ingest that found another ingest writing tries again. */
const BUSY_RETRY_MS = 2_000;
/** How long it keeps trying: longer than the largest ingest measured (1M chunks, about 16 minutes). */
const BUSY_GIVE_UP_MS = 30 * 60_000;

export interface HangupTiming {
  retryMs: number;
  giveUpMs: number;
}

/**
 * The SIGHUP handler: SIGHUP means "the corpus changed", so the re-ingest must happen even when another ingest
 * (`cited ingest`) holds the lock, since that one may have read the corpus before the change: INDEX_BUSY is retried
 * until the lock is free. A signal during a run that has already read the corpus asks for one more run after it;
 * more signals meanwhile join that one instead of stacking up.
 */
export function reingestOnHangup(
  reingest: () => Promise<unknown>,
  log: Log,
  timing: HangupTiming = { retryMs: BUSY_RETRY_MS, giveUpMs: BUSY_GIVE_UP_MS },
): () => void {
  let running = false;
  let again = false;
  const finish = (message: string) => {
    log(message);
    running = false;
    if (again) start();
  };
  const attempt = (since: number): void => {
    again = false; // this attempt reads the corpus as it is now
    reingest().then(
      () => finish('re-ingested the corpus'),
      (e: Error) => {
        if (isCitedError(e) && e.code === 'INDEX_BUSY' && Date.now() - since < timing.giveUpMs) {
          log(`re-ingest waits: ${e.message}`);
          setTimeout(() => attempt(since), timing.retryMs).unref();
        } else finish(`re-ingest failed: ${e.message}`);
      },
    );
  };
  const start = () => {
    running = true;
    attempt(Date.now());
  };
  return () => {
    if (running) again = true;
    else start();
  };
}
