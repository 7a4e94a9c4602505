/**
 * The index stores side by side at one size, on one synthetic corpus (part 4's, of real sentences): the local files
 * (HNSW + BM25 in memory), PostgreSQL in PGlite (WASM, one thread, served over the wire) and a native PostgreSQL 15
 * with pgvector (when installed here; skipped with the reason otherwise). Each store runs in its own process
 * (`store-scale-run.ts`), its database server in another: ingest time per phase (wall, client CPU, server CPU), size,
 * search and ask p50/p95 for the same questions, each ranker alone, re-ingests (unchanged, 1 % changed), and how
 * often each store's top hits agree with the local store's. Results by size in `bench/results/store-scale.json`.
 *   node --import tsx --max-old-space-size=20000 --expose-gc bench/store-scale.ts --chunks 100000 \
 *     [--stores local,pglite,native] [--queries 300]
 *   node --import tsx bench/store-scale.ts --table    # the tables of every size in the results file, no run
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { note, runBenchScript } from './lib/child.js';
import { nativePostgresMissing, startNativePostgres } from './lib/native-postgres.js';
import type { RunningServer } from './lib/native-postgres.js';
import { resultsDir } from './lib/paths.js';
import { startPgliteProcess } from './lib/pglite-process.js';
import { ingestTable, queryTable } from './lib/store-table.js';
import type { SizeEntry } from './lib/store-table.js';
import { processRss } from './lib/server-process.js';
import { mb, round, timed } from './lib/stats.js';
import { prefixQuestions, sentencePool, writeSyntheticCorpus } from './lib/synthetic-corpus.js';

const STORES = ['local', 'pglite', 'native'] as const;
type StoreKind = (typeof STORES)[number];

/**
 * The native server logs notices (pgvector says so when an HNSW build outgrows maintenance_work_mem and goes on more
 * slowly) and every statement slower than SLOW_STATEMENT_MS, without its parameters (a batch of rows is megabytes).
 * Its other settings are the distribution's defaults, what a first deployment has.
 */
const SLOW_STATEMENT_MS = 5_000;
const NATIVE_SETTINGS = {
  log_min_messages: 'notice',
  log_min_duration_statement: String(SLOW_STATEMENT_MS),
  log_parameter_max_length: '0',
};

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '300' },
    stores: { type: 'string', default: STORES.join(',') },
    table: { type: 'boolean', default: false },
  },
});
const stores = values.stores.split(',') as StoreKind[];
for (const s of stores) if (!STORES.includes(s)) throw new Error(`unknown store ${s}: one of ${STORES.join(', ')}`);

/** What store-scale-run.ts prints (the figures this script reads; the rest is passed through). */
interface StoreRun {
  store: StoreKind;
  top5: string[][];
  [figure: string]: unknown;
}

type Outcome = { run: StoreRun; server?: Record<string, unknown> } | { skipped: string } | { failed: string };

const loadAverage = () => loadavg().map((x) => round(x, 2));

async function runStore(kind: StoreKind, args: string[]): Promise<Outcome> {
  const child = (extra: string[] = []) =>
    runBenchScript<StoreRun>('store-scale-run.ts', ['--store', kind, ...args, ...extra], {
      exposeGc: true,
      heapMb: 20_000,
      echo: true,
    });
  if (kind === 'local') return { run: await child() };
  if (kind === 'native') {
    const missing = nativePostgresMissing();
    if (missing) return { skipped: missing };
  }
  const server = kind === 'pglite' ? await startPgliteProcess() : await startNativePostgres(NATIVE_SETTINGS);
  try {
    const run = await child(['--url', server.url, '--server-pid', String(server.pid)]);
    return { run, server: serverFigures(kind, server) };
  } catch (e) {
    // One store failing (a timeout, the WASM heap) is a result too; the other stores still run.
    return { failed: (e as Error).message.slice(-1500), ...serverFigures(kind, server) };
  } finally {
    await server.stop();
  }
}

/**
 * PGlite is one process: its peak RSS is the database's. The native server's log says which statements were slow
 * and what its defaults cost.
 */
function serverFigures(kind: StoreKind, server: RunningServer): Record<string, unknown> {
  if (kind === 'pglite') return { peakRssMb: processRss(server.pid).peakMb };
  const lines = server.log().split('\n');
  const notices = lines.filter((l) => /NOTICE|WARNING/.test(l) && !/already exists, skipping/.test(l));
  const slowStatements = lines.flatMap((l) => {
    const m = /duration: ([\d.]+) ms\s+(?:statement|execute [^:]*): (.*)/.exec(l);
    return m ? [{ ms: Math.round(Number(m[1])), statement: m[2].slice(0, 160) }] : [];
  });
  return { notices: [...new Set(notices.map((l) => l.replace(/^.*?(NOTICE|WARNING)/, '$1')))], slowStatements };
}

/** How often another store's hits are the reference's: the same top hit, the same five, the same five in order. */
function agreement(reference: string[][], other: string[][]) {
  const n = reference.length;
  const same = (f: (a: string[], b: string[]) => boolean) =>
    round(reference.filter((r, i) => f(r, other[i])).length / n, 3);
  const overlap = reference.reduce(
    (s, r, i) => s + r.filter((id) => other[i].includes(id)).length / (r.length || 1),
    0,
  );
  return {
    top1: same((a, b) => a[0] === b[0]),
    top5Set: same((a, b) => a.length === b.length && a.every((id) => b.includes(id))),
    top5Order: same((a, b) => a.join() === b.join()),
    overlap5: round(overlap / n, 3),
  };
}

function agreements(outcomes: Partial<Record<StoreKind, Outcome>>) {
  const top = (k: StoreKind) => {
    const o = outcomes[k];
    return o && 'run' in o ? o.run.top5 : undefined;
  };
  const pairs: [StoreKind, StoreKind][] = [
    ['local', 'pglite'],
    ['local', 'native'],
    ['pglite', 'native'],
  ];
  const result: Record<string, ReturnType<typeof agreement>> = {};
  for (const [a, b] of pairs) {
    const [ta, tb] = [top(a), top(b)];
    if (ta && tb) result[`${b} vs ${a}`] = agreement(ta, tb);
  }
  return result;
}

const resultsFile = join(resultsDir, 'store-scale.json');

const readResults = (): Record<string, SizeEntry> =>
  existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, SizeEntry>) : {};

/** The results file keeps one entry per size, so the 10k and 100k runs sit side by side. */
function save(chunks: number, entry: SizeEntry): void {
  mkdirSync(resultsDir, { recursive: true });
  const all = readResults();
  all[String(chunks)] = entry;
  writeFileSync(resultsFile, JSON.stringify(all, null, 2) + '\n');
}

function printTables(): void {
  const all = readResults();
  process.stderr.write(`\n${ingestTable(all)}\n\n${queryTable(all)}\n`);
}

async function main(): Promise<void> {
  const target = Number(values.chunks);
  const tmp = mkdtempSync(join(tmpdir(), 'cited-bench-store-scale-'));
  const corpusDir = join(tmp, 'corpus');
  const questionsFile = join(tmp, 'questions.json');
  try {
    const pool = sentencePool();
    const made = await timed(() => writeSyntheticCorpus(corpusDir, target, pool));
    note(`${made.value.documents} documents, ${mb(made.value.bytes)} MiB written in ${(made.ms / 1000).toFixed(1)} s`);
    writeFileSync(questionsFile, JSON.stringify(prefixQuestions(pool, Number(values.queries))));
    const started = new Date().toISOString();
    const load: Record<string, number[]> = { start: loadAverage() };
    const outcomes: Partial<Record<StoreKind, Outcome>> = {};
    for (const kind of stores) {
      note(`store ${kind}`);
      outcomes[kind] = await runStore(kind, ['--corpus', corpusDir, '--questions', questionsFile]);
      const o = outcomes[kind];
      if ('skipped' in o) note(`${kind} skipped: ${o.skipped}`);
      if ('failed' in o) note(`${kind} failed: ${o.failed}`);
      load[`after ${kind}`] = loadAverage();
    }
    const entry = {
      started,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      loadAverage: load,
      corpus: { documents: made.value.documents, mb: mb(made.value.bytes), questions: Number(values.queries) },
      agreement: agreements(outcomes),
      stores: Object.fromEntries(
        Object.entries(outcomes).map(([k, o]) => {
          if (!('run' in o)) return [k, o];
          const { top5: _top5, ...figures } = o.run;
          return [k, { ...figures, server: o.server }];
        }),
      ),
    };
    save(target, entry);
    note(`written to ${resultsFile}`);
    printTables();
    console.log(JSON.stringify(entry, null, 2));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (values.table) printTables();
else await main();
