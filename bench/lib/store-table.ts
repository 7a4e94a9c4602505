/** The Markdown tables of bench/store-scale.ts's results (one row per size and store), as BENCHMARKS.md shows them. */

type Clocks = Record<string, number>;

interface IngestFigures {
  ms: number;
  chunks: number;
  totals: Clocks;
  dropReplacedMs?: number;
}

interface Percentiles {
  p50: number;
  p95: number;
}

/** The figures of one store's run that the tables show (store-scale-run.ts prints more). */
interface StoreFigures {
  full: IngestFigures;
  unchanged: IngestFigures;
  changed: IngestFigures & { documentsEdited: number };
  size: Record<string, number>;
  openMs: number;
  searchMs: Percentiles;
  askMs: Percentiles;
  failures: Record<string, number>;
  serverCpuMsPerQuestion?: number;
  wordsAloneMs: Percentiles;
  vectorAloneMs: Percentiles;
  matchingChunks?: Percentiles;
}

interface Agreement {
  top1: number;
  top5Set: number;
}

/** One size's entry in bench/results/store-scale.json. */
export interface SizeEntry {
  stores: Record<string, StoreFigures | { skipped: string } | { failed: string }>;
  agreement: Record<string, Agreement>;
}

const NAMES: Record<string, string> = {
  local: 'local files',
  pglite: 'PGlite (WASM) ¹',
  native: 'PostgreSQL 15',
};

const s = (ms: number) => (ms / 1000).toFixed(1);
const pair = (p: Percentiles) => `${p.p50} / ${p.p95}`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[]): string {
  return [row(header), row(header.map((_, i) => (i < 2 ? '---' : '---:'))), ...rows].join('\n');
}

/** Wall seconds, with the client's and the server's CPU seconds when the database did work. */
function ingestCell(f: IngestFigures): string {
  const cpu = f.totals.serverCpuMs === undefined ? '' : ` (${s(f.totals.clientCpuMs)} + ${s(f.totals.serverCpuMs)})`;
  return `${s(f.ms)}${cpu}`;
}

const sizeMb = (f: StoreFigures) => f.size.totalMb ?? f.size.databaseMb;

function each(results: Record<string, SizeEntry>, cells: (f: StoreFigures, a?: Agreement) => string[]): string[] {
  return Object.entries(results).flatMap(([chunks, entry]) =>
    Object.entries(entry.stores).map(([store, f]) => {
      const name = NAMES[store] ?? store;
      const target = Number(chunks).toLocaleString('en');
      if ('skipped' in f) return row([target, name, `skipped: ${f.skipped}`]);
      if ('failed' in f) return row([target, name, 'failed (see the results file)']);
      return row([f.full.chunks.toLocaleString('en'), name, ...cells(f, entry.agreement[`${store} vs local`])]);
    }),
  );
}

/** Ingest: full, re-ingests, dropping the replaced version, size. */
export function ingestTable(results: Record<string, SizeEntry>): string {
  const header = [
    'chunks',
    'store',
    'ingest s (client + server CPU s)',
    're-ingest unchanged s',
    're-ingest 1 % changed s',
    'drop replaced version s',
    'size MiB',
  ];
  return table(
    header,
    each(results, (f) => [
      ingestCell(f.full),
      ingestCell(f.unchanged),
      ingestCell(f.changed),
      f.unchanged.dropReplacedMs === undefined ? '—' : s(f.unchanged.dropReplacedMs),
      String(sizeMb(f)),
    ]),
  );
}

/** Queries: open, search and ask through the answer path, each ranker alone, agreement with the local store. */
export function queryTable(results: Record<string, SizeEntry>): string {
  const header = [
    'chunks',
    'store',
    'open ms',
    'search p50 / p95 ms',
    'ask p50 / p95 ms',
    'server CPU ms per question (2 searches)',
    'words alone p50 / p95 ms',
    'vector alone p50 / p95 ms',
    'chunks matching a word p50 / p95',
    'top-1 / top-5 = local',
    'failed calls',
  ];
  return table(
    header,
    each(results, (f, a) => [
      String(f.openMs),
      pair(f.searchMs),
      pair(f.askMs),
      f.serverCpuMsPerQuestion === undefined ? '—' : String(f.serverCpuMsPerQuestion),
      pair(f.wordsAloneMs),
      pair(f.vectorAloneMs),
      f.matchingChunks ? pair(f.matchingChunks) : '—',
      a ? `${pct(a.top1)} / ${pct(a.top5Set)}` : 'reference',
      Object.entries(f.failures)
        .map(([code, n]) => `${n} ${code}`)
        .join(', ') || '0',
    ]),
  );
}
