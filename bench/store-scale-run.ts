/**
 * One store's run for bench/store-scale.ts, in a process of its own (its memory is its own): a full ingest of the
 * synthetic corpus (phases on the wall clock, the client's CPU and the database server's CPU), the store's size, a
 * cold open, search and ask latency through the product's answer path for the questions (keeping each search's
 * top-5 chunk ids, for agreement between stores), each ranker alone, then re-ingests of the unchanged corpus and
 * with 1 % of its documents changed.
 *   node --import tsx --expose-gc bench/store-scale-run.ts --store local|pglite|native --corpus DIR \
 *     --questions FILE [--url postgres://… --server-pid PID]
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { QueryResultRow } from 'pg';
import { loadConfig } from '../src/config.js';
import { CitedError } from '../src/errors.js';
import type { CitedEmbeddings } from '../src/embeddings/index.js';
import { HybridIndex, PostgresStore, currentVersionDir } from '../src/index/index.js';
import type { SearchIndex } from '../src/index/index.js';
import { lexemes, PostgresIndex } from '../src/index/postgres-index.js';
import { PgPool } from '../src/index/postgres-pool.js';
import type { Query } from '../src/index/postgres-pool.js';
import { ingest, ingestInto } from '../src/ingest/index.js';
import type { IngestReport } from '../src/ingest/index.js';
import { Runtime } from '../src/main/index.js';
import { note } from './lib/child.js';
import { diskBytes } from './lib/corpora.js';
import { PhaseClock } from './lib/phase-clock.js';
import type { PhaseTimes } from './lib/phase-clock.js';
import { ownCpuMs, treeCpuMs } from './lib/process-cpu.js';
import { gc, mb, median, percentile, round, timed } from './lib/stats.js';

/** Candidates each ranker proposes to the blend, in both stores: what "each ranker alone" is timed at. */
const CANDIDATES = 50;
/** Questions answered before timing: JIT, the answerer's memos, the database's caches. */
const WARM_UP = 20;
/** Every 100th document is changed for the incremental re-ingest: 1 %. */
const CHANGE_EVERY = 100;
/** The writing store keeps replaced versions (as serving does, for 10 minutes): dropping one is timed on its own. */
const KEEP_REPLACED_MS = 24 * 3600_000;

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    corpus: { type: 'string' },
    questions: { type: 'string' },
    url: { type: 'string' },
    'server-pid': { type: 'string' },
  },
});
const kind = values.store as 'local' | 'pglite' | 'native';
const corpus = values.corpus!;
const questions = JSON.parse(readFileSync(values.questions!, 'utf8')) as string[];
const serverPid = values['server-pid'] ? Number(values['server-pid']) : undefined;

/** The two stores behind one face: what the run does to each. */
interface StoreUnderTest {
  ingest(force: boolean, clock: PhaseClock): Promise<IngestReport>;
  /** The live version, loaded as a serving process loads it at start. */
  open(): Promise<SearchIndex>;
  size(): Promise<Record<string, number>>;
  /** Removes replaced versions (PostgreSQL: a grace period after the switch; the files: during the write). */
  dropReplaced(): Promise<void>;
  /** What only the database can tell: matching chunks per query, a query plan, its settings. */
  sql?: PgPool;
  close(): Promise<void>;
}

function localStore(indexDir: string, embedder: CitedEmbeddings): StoreUnderTest {
  return {
    ingest: (force, clock) => ingest({ roots: [corpus], indexDir, embedder, force, onProgress: clock.onProgress }),
    open: async () => HybridIndex.load(indexDir),
    size: async () => {
      const live = currentVersionDir(indexDir)!;
      const files = Object.fromEntries(readdirSync(live).map((f) => [f, mb(statSync(join(live, f)).size)]));
      return { totalMb: mb(diskBytes(live)), ...files };
    },
    dropReplaced: async () => {},
    close: async () => {},
  };
}

/** The writing store (ingests, dropping replaced versions) and the reading one (open, search), as cited connects. */
async function postgresStore(url: string, embedder: CitedEmbeddings): Promise<StoreUnderTest> {
  const writer = await PostgresStore.connect(url, { graceMs: KEEP_REPLACED_MS });
  const reader = await PostgresStore.connect(url);
  const sql = await PgPool.open(url);
  return {
    ingest: (force, clock) => ingestInto(writer, { roots: [corpus], embedder, force, onProgress: clock.onProgress }),
    open: async () => (await reader.openActive())!,
    size: () => postgresSizes(sql.query),
    dropReplaced: async () => {
      const sweeper = await PostgresStore.connect(url, { graceMs: 0 });
      await sweeper.collect().finally(() => sweeper.close());
    },
    sql,
    close: async () => {
      await Promise.all([writer.close(), reader.close(), sql.end()]);
    },
  };
}

async function postgresSizes(query: Query): Promise<Record<string, number>> {
  const [row] = await query<Record<string, string>>(
    'SELECT pg_database_size(current_database()) AS "databaseMb", ' +
      `pg_total_relation_size('chunks') AS "chunksTotalMb", pg_relation_size('chunks') AS "chunksHeapMb", ` +
      `(SELECT coalesce(sum(pg_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relname LIKE 'chunks_vectors_%') ` +
      `AS "hnswMb", pg_total_relation_size('documents') AS "documentsMb", pg_total_relation_size('terms') AS "termsMb"`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, mb(Number(v))]));
}

/** The server's settings that bear on these figures, as it reports them. */
async function postgresSettings(query: Query): Promise<Record<string, string>> {
  const names = [
    'server_version',
    'shared_buffers',
    'work_mem',
    'maintenance_work_mem',
    'max_parallel_maintenance_workers',
    'max_parallel_workers_per_gather',
    'jit',
  ];
  const rows = await query<{ name: string; setting: string; unit: string | null }>(
    'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
    [names],
  );
  const [vector] = await query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'");
  return {
    ...Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting])),
    pgvector: vector?.v ?? '?',
  };
}

const clocks = {
  wallMs: () => performance.now(),
  clientCpuMs: ownCpuMs,
  ...(serverPid ? { serverCpuMs: () => treeCpuMs(serverPid) } : {}),
};

interface IngestRun {
  ms: number;
  phases: PhaseTimes;
  /** Per clock, the whole ingest. */
  totals: Record<string, number>;
  documents: number;
  chunks: number;
  changed: number;
  unchanged: number;
  embeddedChunks: number;
}

/** An ingest, timed; only its figures leave, not its index. */
async function timedIngest(store: StoreUnderTest, force: boolean): Promise<IngestRun> {
  const clock = new PhaseClock(clocks);
  const t0 = performance.now();
  const { documents, chunks, changed, unchanged, embeddedChunks } = await store.ingest(force, clock);
  const ms = round(performance.now() - t0, 0);
  const phases = clock.finish();
  const totals: Record<string, number> = {};
  for (const t of Object.values(phases)) for (const [k, v] of Object.entries(t)) totals[k] = (totals[k] ?? 0) + v;
  return { ms, phases, totals, documents, chunks, changed, unchanged, embeddedChunks };
}

/** Appends a sentence to every CHANGE_EVERY-th document (in path order); returns how to put them back. */
function changeDocuments(): { changed: number; restore: () => void } {
  const files = (readdirSync(corpus, { recursive: true }) as string[]).filter((f) => f.endsWith('.txt')).sort();
  const picked = files.filter((_, i) => i % CHANGE_EVERY === 0).map((f) => join(corpus, f));
  const before = picked.map((f) => readFileSync(f, 'utf8'));
  for (const f of picked) appendFileSync(f, 'This document was revised after the first ingest of the corpus.\n');
  return { changed: picked.length, restore: () => picked.forEach((f, i) => writeFileSync(f, before[i])) };
}

const p = (xs: number[]) => ({ p50: round(median(xs), 2), p95: round(percentile(xs, 95), 2) });

/** Failed calls by error code: a statement timeout on a slow search is a figure, not the end of the run. */
type Failures = Record<string, number>;

/** Times a call that may fail; a failure's time counts (it is what the caller waited), and its code is tallied. */
async function attempt<T>(fn: () => Promise<T>, failures: Failures): Promise<{ ms: number; value?: T }> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, value };
  } catch (e) {
    const code = e instanceof CitedError ? e.code : 'other';
    failures[code] = (failures[code] ?? 0) + 1;
    return { ms: performance.now() - t0 };
  }
}

/** Search and ask through the Runtime, as `cited serve` answers; each search's top-5 chunk ids are kept. */
async function answerPath(rt: Runtime) {
  const failures: Failures = {};
  for (const q of questions.slice(0, WARM_UP)) await attempt(() => rt.answers.ask({ question: q }), {});
  const search: number[] = [];
  const ask: number[] = [];
  const top5: string[][] = [];
  const server0 = clocks.serverCpuMs?.();
  const client0 = ownCpuMs();
  for (const q of questions) {
    const s = await attempt(() => rt.answers.search(q, 5), failures);
    search.push(s.ms);
    top5.push(s.value?.map((h) => h.chunkId) ?? []);
    ask.push((await attempt(() => rt.answers.ask({ question: q }), failures)).ms);
  }
  // Each question is one search and one ask, and each of those one search in the index.
  const perQuestion = (ms: number) => round(ms / questions.length, 2);
  return {
    searchMs: p(search),
    askMs: p(ask),
    failures,
    clientCpuMsPerQuestion: perQuestion(ownCpuMs() - client0),
    serverCpuMsPerQuestion: server0 === undefined ? undefined : perQuestion(clocks.serverCpuMs!() - server0),
    top5,
  };
}

/** Each ranker alone at the blend's candidate count: BM25 over the words, and the vector search. */
async function rankers(rt: Runtime, index: SearchIndex) {
  const words: number[] = [];
  const vectors: number[] = [];
  const failures: Failures = {};
  for (const q of questions) {
    const [v] = await rt.embedder.embedVectors([q]);
    words.push((await attempt(() => index.searchTerms(q, CANDIDATES), failures)).ms);
    vectors.push((await attempt(() => index.search(v, '', CANDIDATES), failures)).ms);
  }
  return { words, vectors, failures };
}

/** A query's words as the PostgreSQL store's tsquery (any of them). */
const anyWord = (q: string) => [...new Set(lexemes(q))].join(' | ');

/** Chunks holding any of each query's words: the rows the SQL BM25 reads and scores. */
async function matchingChunks(query: Query, version: number): Promise<number[]> {
  const counts: number[] = [];
  for (const q of questions) {
    const words = anyWord(q);
    const [row] = words
      ? await query<{ n: number }>(
          "SELECT count(*)::int AS n FROM chunks WHERE version_id = $1 AND terms @@ to_tsquery('simple', $2)",
          [version, words],
        )
      : [{ n: 0 }];
    counts.push(row.n);
  }
  return counts;
}

/** Least-squares slope of y on x: ms of BM25 per matching chunk. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : Number.NaN;
}

/** The product's search statement for one question, run under EXPLAIN (ANALYZE, BUFFERS). */
async function explainSearch(rt: Runtime, sql: PgPool, index: PostgresIndex, question: string): Promise<string[]> {
  let statement: { text: string; values: unknown[] } | undefined;
  const capture: Query = async <R extends QueryResultRow>(text: string, v?: unknown[]): Promise<R[]> => {
    statement = { text, values: v ?? [] };
    return [];
  };
  const [vector] = await rt.embedder.embedVectors([question]);
  // The retriever asks for 4 × k hits (its overfetch); the plan is the same for any k.
  await new PostgresIndex(capture, index.version).search(vector, question, 20);
  const rows = await sql.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement!.text}`,
    statement!.values,
  );
  return rows.map((r) => r['QUERY PLAN']);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cited-bench-store-'));
  const indexDir = join(work, 'index');
  const rt = Runtime.create(
    loadConfig({ CITED_LLM: 'extractive', CITED_INDEX_DIR: indexDir, CITED_CORPUS_DIR: corpus }),
  );
  const store = kind === 'local' ? localStore(indexDir, rt.embedder) : await postgresStore(values.url!, rt.embedder);
  try {
    note(`${kind}: full ingest`);
    const full = await timedIngest(store, true);
    note(`${kind}: ingest ${(full.ms / 1000).toFixed(1)} s, ${full.chunks} chunks`);
    const ingestPeakRssMb = mb(process.resourceUsage().maxRSS * 1024);
    const size = await store.size();
    gc();
    const opened = await timed(() => store.open());
    const index = opened.value;
    rt.swap(index);
    gc();
    const loadedRssMb = mb(process.memoryUsage().rss);
    note(`${kind}: open ${opened.ms.toFixed(0)} ms; asking ${questions.length} questions`);
    const answers = await answerPath(rt);
    note(`${kind}: search p50 ${answers.searchMs.p50} ms, ask p50 ${answers.askMs.p50} ms`);
    const alone = await rankers(rt, index);
    const pg = store.sql && index instanceof PostgresIndex ? await databaseFigures(rt, store.sql, index, alone) : {};
    rt.swap(undefined as unknown as SearchIndex);
    gc();

    note(`${kind}: re-ingest, corpus unchanged`);
    const unchanged = await timedIngest(store, false);
    const dropUnchanged = await timed(() => store.dropReplaced());
    const edit = changeDocuments();
    note(`${kind}: re-ingest, ${edit.changed} documents changed`);
    const changed = await timedIngest(store, false).finally(edit.restore);
    const dropChanged = await timed(() => store.dropReplaced());
    const sizeAfter = await store.size();
    console.log(
      JSON.stringify({
        store: kind,
        full,
        ingestPeakRssMb,
        size,
        openMs: round(opened.ms, 0),
        loadedRssMb,
        ...answers,
        wordsAloneMs: p(alone.words),
        vectorAloneMs: p(alone.vectors),
        rankerFailures: alone.failures,
        ...pg,
        unchanged: { ...unchanged, dropReplacedMs: round(dropUnchanged.ms, 0) },
        changed: { ...changed, documentsEdited: edit.changed, dropReplacedMs: round(dropChanged.ms, 0) },
        sizeAfterReingests: sizeAfter,
        peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      }),
    );
  } finally {
    await store.close();
    await rt.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** What the database tells about the SQL BM25: rows it scores per query, their cost, a plan, its settings. */
async function databaseFigures(rt: Runtime, sql: PgPool, index: PostgresIndex, alone: { words: number[] }) {
  const matching = await matchingChunks(sql.query, index.version.id);
  // The question whose word search reads the median number of chunks: a typical plan.
  const order = matching.map((n, i) => [n, i]).sort((a, b) => a[0] - b[0]);
  const typical = questions[order[Math.floor(order.length / 2)][1]];
  return {
    matchingChunks: { p50: median(matching), p95: percentile(matching, 95), max: Math.max(...matching) },
    wordsMsPerThousandMatching: round(slope(matching, alone.words) * 1000, 3),
    explain: { question: typical, plan: await explainSearch(rt, sql, index, typical) },
    settings: await postgresSettings(sql.query),
  };
}

await main();
