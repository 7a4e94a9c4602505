/**
 * Part 4: cited's own ingest at scale on a synthetic corpus built from real sentences (SQuAD + the article):
 * time per phase (load+chunk, embed, index = HNSW + BM25, timed by the index itself, write), index size on disk,
 * peak RSS, cold load, query latency. One size per process, so each figure of memory is its own.
 *   node --max-old-space-size=20000 --expose-gc --import tsx bench/scale.ts --chunks 100000
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { HybridIndex, currentVersionDir } from '../src/index/index.js';
import { ingest } from '../src/ingest/index.js';
import type { IngestPhase } from '../src/ingest/index.js';
import { Runtime } from '../src/main/index.js';
import { note, runBenchScript } from './lib/child.js';
import { diskBytes } from './lib/corpora.js';
import { gc, mb, median, percentile, round, timed } from './lib/stats.js';
import { prefixQuestions, sentencePool, writeSyntheticCorpus } from './lib/synthetic-corpus.js';
import type { LoadProbe } from './load-probe.js';

const { values } = parseArgs({
  options: { chunks: { type: 'string', default: '10000' }, queries: { type: 'string', default: '300' } },
});
const target = Number(values.chunks);
const tmp = mkdtempSync(join(tmpdir(), 'cited-bench-scale-'));
const corpusDir = join(tmp, 'corpus');
const indexDir = join(tmp, 'index');

try {
  const pool = sentencePool();
  const made = await timed(() => writeSyntheticCorpus(corpusDir, target, pool));
  note(`${made.value.documents} documents, ${mb(made.value.bytes)} MiB written in ${(made.ms / 1000).toFixed(1)} s`);

  const rt = Runtime.create(
    loadConfig({ CITED_LLM: 'extractive', CITED_INDEX_DIR: indexDir, CITED_CORPUS_DIR: corpusDir }),
  );
  const phases: Record<string, number> = {};
  // CPU time (user + system) per phase too: on a shared 2-core VM wall time grows with other processes' load.
  const cpuPhases: Record<string, number> = {};
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let phase: IngestPhase | undefined;
  let since = 0;
  let cpuSince = 0;
  const t0 = performance.now();
  const onProgress = (p: IngestPhase) => {
    if (p === phase) return;
    const now = performance.now();
    const cpu = cpuMs();
    if (phase) {
      phases[phase] = round(now - since, 0);
      cpuPhases[phase] = round(cpu - cpuSince, 0);
    }
    note(`${p} phase starts at ${((now - t0) / 1000).toFixed(1)} s`);
    phase = p;
    since = now;
    cpuSince = cpu;
  };
  // Only the report and the build times leave this function: the ingest's index is garbage once it returns.
  const { report, buildMs } = await (async () => {
    const { index, ...rest } = await ingest({
      roots: [corpusDir],
      indexDir,
      embedder: rt.embedder,
      force: true,
      onProgress,
    });
    return { report: rest, buildMs: index.buildMs };
  })();
  if (phase) {
    phases[phase] = round(performance.now() - since, 0);
    cpuPhases[phase] = round(cpuMs() - cpuSince, 0);
  }
  const ingestRss = mb(process.resourceUsage().maxRSS * 1024);
  const files = Object.fromEntries(
    readdirSync(currentVersionDir(indexDir)!).map((f) => [f, mb(statSync(join(currentVersionDir(indexDir)!, f)).size)]),
  );

  // The index phase is HNSW + BM25 built back to back; the index times each.
  const hnswMs = buildMs?.hnsw ?? 0;
  const bm25Ms = buildMs?.bm25 ?? 0;
  // A cold load in a fresh process: this one still holds the ingest's garbage and a grown heap.
  const fresh = await runBenchScript<LoadProbe>('load-probe.ts', ['--side', 'cited', '--dir', indexDir], {
    exposeGc: true,
    heapMb: 20_000,
  });
  note(`fresh process: load ${(fresh.loadMs / 1000).toFixed(1)} s, RSS ${fresh.totalRssMb} MiB`);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  note(`ingest ${secs(report.ms)}: hnsw ${secs(hnswMs)}, bm25 ${secs(bm25Ms)}`);

  // Cold load of what was written, then queries through the product's retrieval and answer path.
  rt.swap(undefined as unknown as HybridIndex);
  gc();
  const load = await timed(() => HybridIndex.load(indexDir));
  rt.swap(load.value);
  gc();
  const loadedRss = mb(process.memoryUsage().rss);
  const n = Number(values.queries);
  const questions = prefixQuestions(pool, n);
  for (const q of questions.slice(0, 20)) await rt.answers.ask({ question: q });
  const search: number[] = [];
  const ask: number[] = [];
  for (const q of questions) {
    search.push((await timed(() => rt.answers.search(q, 5))).ms);
    ask.push((await timed(() => rt.answers.ask({ question: q }))).ms);
  }
  console.log(
    JSON.stringify({
      chunks: report.chunks,
      documents: report.documents,
      corpusMb: mb(made.value.bytes),
      ingestMs: round(report.ms, 0),
      phasesMs: { ...phases, hnsw: round(hnswMs, 0), bm25: round(bm25Ms, 0) },
      cpuPhasesMs: cpuPhases,
      diskMb: mb(diskBytes(indexDir)),
      files,
      peakRssMb: ingestRss,
      loadMs: round(load.ms, 0),
      loadedRssMb: loadedRss,
      freshLoadMs: round(fresh.loadMs, 0),
      freshRssMb: fresh.totalRssMb,
      freshIndexRssMb: fresh.indexRssMb,
      searchMs: { p50: round(median(search), 2), p95: round(percentile(search, 95), 2) },
      askMs: { p50: round(median(ask), 2), p95: round(percentile(ask, 95), 2) },
    }),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
