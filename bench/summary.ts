import type { Row } from './lib/table.js';
import { ms, times, yes } from './lib/table.js';

/** The JSON each part prints, as far as the summary reads it. */
interface Dist {
  p50: number;
  p95: number;
}
interface CorpusResult {
  ingest: {
    cited: { chunks: number; medianMs: number; firstMs: number; diskMb: number };
    langchain: { chunks: number; medianMs: number; firstMs: number; diskMb: number };
    ratio: number;
  };
  queries: {
    citedSearch: Dist;
    citedAsk: Dist;
    langchainSearchAndTopChunk: Dist;
    askRatio: number;
    searchRatio: number;
    hit?: { citedAt1: number; citedAt5: number; langchainAt1: number; langchainAt5: number };
  };
  load: {
    cited: { loadMs: number; indexRssMb: number };
    langchain: { loadMs: number; indexRssMb: number };
    loadRatio: number;
    memoryRatio: number;
  };
}
interface AnnResult {
  vectors: number;
  queries: number;
  exactQps: number;
  buildMs: number;
  curve: { ef: number; recall: number; qps: number; speedup: number }[];
  bestAtRecall95: { ef: number; recall: number; qps: number; speedup: number } | null;
}
interface Loaded {
  rps: number;
  p50: number;
  p975: number;
  errors: number;
}
interface ServerResult {
  sequential: { ask: Dist; hello: Dist; ratio: number };
  concurrency: { connections: number; ask: Loaded; hello: Loaded; ratio: number }[];
  workers2?: { connections: number; rps: number; oneProcessRps: number; p50: number; p975: number; errors: number }[];
  sse: { firstEvent: Dist; done: Dist };
  coldStart: Dist;
  rssMb: { idle: number; afterLoad: number; peak: number };
}
export interface ScaleResult {
  chunks: number;
  corpusMb: number;
  ingestMs: number;
  phasesMs: Record<string, number>;
  diskMb: number;
  peakRssMb: number;
  loadMs: number;
  loadedRssMb: number;
  searchMs: Dist;
  askMs: Dist;
}
interface ChainCorpus {
  questions: number;
  citedAsk: Dist;
  langchainChain: Dist;
  ratio: number;
}
export interface BenchResults {
  mode: 'quick' | 'full';
  machine: { nproc: number; cpu: string; memoryGb: number; node: string };
  date: string;
  seconds?: number;
  langchain?: { article: CorpusResult; squad: CorpusResult };
  langchainChain?: { article: ChainCorpus; squad: ChainCorpus };
  ann?: AnnResult;
  server?: ServerResult;
  scale?: ScaleResult[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;

/** One row per figure, each with its reference, ratio and (where the issue sets one) target. */
export function buildRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const lc = r.langchain;
  if (lc) {
    const s = lc.squad;
    const a = lc.article;
    rows.push(
      [
        `SQuAD ingest, ${s.ingest.cited.chunks} vs ${s.ingest.langchain.chunks} chunks (vs LangChain)`,
        ms(s.ingest.cited.medianMs),
        ms(s.ingest.langchain.medianMs),
        times(s.ingest.ratio),
        '≤ 10 s, ≤ 0.5×',
        yes(s.ingest.cited.medianMs <= 10_000 && s.ingest.ratio <= 0.5),
      ],
      [
        'article ingest (vs LangChain)',
        ms(a.ingest.cited.medianMs),
        ms(a.ingest.langchain.medianMs),
        times(a.ingest.ratio),
        '',
        '',
      ],
      [
        'SQuAD retrieval p50 (vs LangChain similaritySearch)',
        ms(s.queries.citedSearch.p50),
        ms(s.queries.langchainSearchAndTopChunk.p50),
        times(s.queries.searchRatio),
        '',
        '',
      ],
      [
        'SQuAD retrieval p95',
        ms(s.queries.citedSearch.p95),
        ms(s.queries.langchainSearchAndTopChunk.p95),
        times(s.queries.citedSearch.p95 / s.queries.langchainSearchAndTopChunk.p95),
        '',
        '',
      ],
      [
        'SQuAD ask p50 (vs LangChain retrieval + top chunk, no answer step)',
        ms(s.queries.citedAsk.p50),
        ms(s.queries.langchainSearchAndTopChunk.p50),
        times(s.queries.askRatio),
        '',
        '',
      ],
      [
        'article ask p50 (vs LangChain retrieval + top chunk, no answer step)',
        ms(a.queries.citedAsk.p50),
        ms(a.queries.langchainSearchAndTopChunk.p50),
        times(a.queries.askRatio),
        '',
        '',
      ],
      [
        'SQuAD cold load of the saved index',
        ms(s.load.cited.loadMs),
        ms(s.load.langchain.loadMs),
        times(s.load.loadRatio),
        '',
        '',
      ],
      [
        'SQuAD index memory (RSS growth on load)',
        mib(s.load.cited.indexRssMb),
        mib(s.load.langchain.indexRssMb),
        times(s.load.memoryRatio),
        '',
        '',
      ],
      [
        'SQuAD index on disk',
        mib(s.ingest.cited.diskMb),
        mib(s.ingest.langchain.diskMb),
        times(s.ingest.cited.diskMb / s.ingest.langchain.diskMb),
        '',
        '',
      ],
    );
    if (s.queries.hit) {
      rows.push([
        'SQuAD retrieval hit@5 (gold paragraph)',
        pct(s.queries.hit.citedAt5),
        pct(s.queries.hit.langchainAt5),
        times(s.queries.hit.citedAt5 / s.queries.hit.langchainAt5),
        '',
        '',
      ]);
      rows.push([
        'SQuAD retrieval hit@1',
        pct(s.queries.hit.citedAt1),
        pct(s.queries.hit.langchainAt1),
        times(s.queries.hit.citedAt1 / s.queries.hit.langchainAt1),
        '',
        '',
      ]);
    }
  }
  for (const [name, c] of Object.entries<ChainCorpus>(r.langchainChain ?? {}).filter(([k]) => k !== 'quick')) {
    rows.push([
      `${name} ask p50 (vs LangChain RAG chain, instant LLM)`,
      ms(c.citedAsk.p50),
      ms(c.langchainChain.p50),
      times(c.ratio),
      '≤ 0.33×',
      yes(c.ratio <= 1 / 3),
    ]);
  }
  if (r.ann) {
    const e = r.ann;
    for (const c of e.curve) {
      rows.push([
        `HNSW ef=${c.ef} on ${Math.round(e.vectors / 1000)}k word vectors: recall@10 ${c.recall.toFixed(3)}`,
        `${c.qps.toLocaleString('en')} q/s`,
        `${Math.round(e.exactQps).toLocaleString('en')} q/s exact`,
        times(c.speedup),
        '',
        '',
      ]);
    }
    const b = e.bestAtRecall95;
    rows.push([
      'HNSW fastest at recall@10 ≥ 0.95 (÷ exact scan)',
      b ? `${b.qps.toLocaleString('en')} q/s (ef ${b.ef}, ${b.recall.toFixed(3)})` : 'none',
      `${Math.round(e.exactQps)} q/s`,
      b ? times(b.speedup) : '—',
      '≥ 50×',
      yes(Boolean(b && b.speedup >= 50)),
    ]);
  }
  if (r.server) {
    const v = r.server;
    rows.push([
      '/api/ask offline p50, sequential (vs hello-world)',
      ms(v.sequential.ask.p50),
      ms(v.sequential.hello.p50),
      times(v.sequential.ratio),
      '≤ 5 ms',
      yes(v.sequential.ask.p50 <= 5),
    ]);
    rows.push([
      '/api/ask offline p95, sequential',
      ms(v.sequential.ask.p95),
      ms(v.sequential.hello.p95),
      times(v.sequential.ask.p95 / v.sequential.hello.p95),
      '',
      '',
    ]);
    for (const c of v.concurrency) {
      rows.push([
        `throughput, ${c.connections} connection(s) (p50/p97.5 ms)`,
        `${c.ask.rps}/s (${c.ask.p50}/${c.ask.p975})`,
        `${c.hello.rps}/s (${c.hello.p50}/${c.hello.p975})`,
        times(c.ratio),
        '',
        '',
      ]);
    }
    const best = Math.max(...v.concurrency.map((c) => c.ask.rps));
    rows.push(['offline asks per second, one process, best concurrency', `${best}/s`, '', '', '', '']);
    for (const w of v.workers2 ?? []) {
      rows.push([
        `serve --workers 2, ${w.connections} connections (p50/p97.5 ms) vs one process`,
        `${w.rps}/s (${w.p50}/${w.p975})`,
        `${w.oneProcessRps}/s`,
        times(w.rps / w.oneProcessRps),
        '',
        '',
      ]);
    }
    const pooled = Math.max(best, ...(v.workers2 ?? []).map((w) => w.rps));
    rows.push([
      'offline asks per second on 2 cores, best of the above',
      `${pooled}/s`,
      '',
      '',
      '≥ 1,000/s',
      yes(pooled >= 1000),
    ]);
    rows.push([
      'time to first SSE event p50 / p95',
      `${ms(v.sse.firstEvent.p50)} / ${ms(v.sse.firstEvent.p95)}`,
      `done ${ms(v.sse.done.p50)}`,
      '',
      '',
      '',
    ]);
    rows.push([
      'cold start, index built → first answer (p50)',
      ms(v.coldStart.p50),
      '',
      '',
      '≤ 0.5 s',
      yes(v.coldStart.p50 <= 500),
    ]);
    rows.push([
      'server RSS, idle / after load (peak)',
      `${mib(v.rssMb.idle)} / ${mib(v.rssMb.afterLoad)}`,
      `peak ${mib(v.rssMb.peak)}`,
      '',
      '≤ 250 MiB',
      yes(v.rssMb.peak <= 250),
    ]);
  }
  for (const s of r.scale ?? []) {
    const p = s.phasesMs;
    rows.push([
      `scale ${Math.round(s.chunks / 1000)}k chunks: ingest (load/embed/HNSW/BM25/write s)`,
      ms(s.ingestMs),
      [p.load, p.embed, p.hnsw, p.bm25, p.write].map((x) => ((x ?? 0) / 1000).toFixed(1)).join('/'),
      '',
      '',
      '',
    ]);
    rows.push([
      `scale ${Math.round(s.chunks / 1000)}k: disk, peak RSS, cold load, search/ask p50`,
      `${mib(s.diskMb)}, ${mib(s.peakRssMb)}`,
      `${ms(s.loadMs)}, ${ms(s.searchMs.p50)}/${ms(s.askMs.p50)}`,
      '',
      '',
      '',
    ]);
  }
  return rows;
}
