/**
 * Part 1: cited against the LangChain.js tutorial stack (RecursiveCharacterTextSplitter 1000/200 + HNSWLib), same
 * embedder (LocalEmbeddings), same corpora, both sides in this one process, interleaved round by round.
 *   node --import tsx bench/vs-langchain.ts [--quick]
 * Prints a progress log on stderr and one JSON result line on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { ingest } from '../src/ingest/index.js';
import { Runtime } from '../src/main/index.js';
import { articleCorpus, diskBytes, readCorpus, squadCorpus } from './lib/corpora.js';
import type { BenchCorpus } from './lib/corpora.js';
import { note, runBenchScript } from './lib/child.js';
import { loadBaseline } from './lib/langchain-baseline.js';
import type { LcVectorStore } from './lib/langchain-baseline.js';
import { mb, median, percentile, round, timed } from './lib/stats.js';
import type { LoadProbe } from './load-probe.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick;
const plan = quick
  ? { ingestRounds: { article: 3, squad: 1 }, squadQuestions: 150, passes: 1, loadRounds: 1 }
  : { ingestRounds: { article: 9, squad: 5 }, squadQuestions: 1000, passes: 3, loadRounds: 5 };

const baseline = loadBaseline();
const tmp = mkdtempSync(join(tmpdir(), 'cited-bench-vs-'));
const rt = Runtime.create(
  loadConfig({ CITED_LLM: 'extractive', CITED_INDEX_DIR: join(tmp, 'unused'), CITED_CORPUS_DIR: join(tmp, 'unused') }),
);
const embedder = rt.embedder;

async function citedIngest(c: BenchCorpus, indexDir: string): Promise<number> {
  rmSync(indexDir, { recursive: true, force: true });
  const r = await ingest({ roots: [c.dir], indexDir, embedder, force: true });
  return r.chunks;
}

async function langchainIngest(c: BenchCorpus, dir: string): Promise<{ chunks: number; store: LcVectorStore }> {
  rmSync(dir, { recursive: true, force: true });
  // What the tutorial does: load, split 1000/200, embed into HNSWLib, save.
  const docs = readCorpus(c.dir).map((d) => baseline.document(d.text, { source: d.id }));
  const split = await baseline.splitter.splitDocuments(docs);
  const store = await baseline.fromDocuments(split, embedder);
  await store.save(dir);
  return { chunks: split.length, store };
}

interface SideIngest {
  firstMs: number;
  ms: number[];
  chunks: number;
  diskMb: number;
}

async function compareIngest(c: BenchCorpus, rounds: number) {
  const citedDir = join(tmp, `${c.name}-cited`);
  const lcDir = join(tmp, `${c.name}-langchain`);
  const cited: SideIngest = { firstMs: 0, ms: [], chunks: 0, diskMb: 0 };
  const lc: SideIngest = { firstMs: 0, ms: [], chunks: 0, diskMb: 0 };
  // Round 0 is a warm-up (module and NLP-model initialisation, JIT); it is reported apart as the first run.
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 === 0 ? ['cited', 'lc'] : ['lc', 'cited'];
    for (const side of order) {
      if (side === 'cited') {
        const t = await timed(() => citedIngest(c, citedDir));
        cited.chunks = t.value;
        if (r === 0) cited.firstMs = t.ms;
        else cited.ms.push(t.ms);
      } else {
        const t = await timed(() => langchainIngest(c, lcDir));
        lc.chunks = t.value.chunks;
        if (r === 0) lc.firstMs = t.ms;
        else lc.ms.push(t.ms);
      }
    }
    note(`${c.name} ingest round ${r}/${rounds}`);
  }
  cited.diskMb = mb(diskBytes(citedDir));
  lc.diskMb = mb(diskBytes(lcDir));
  const summary = (s: SideIngest) => ({
    chunks: s.chunks,
    firstMs: round(s.firstMs, 0),
    medianMs: round(median(s.ms), 1),
    diskMb: s.diskMb,
  });
  return {
    dirs: { cited: citedDir, langchain: lcDir },
    cited: summary(cited),
    langchain: summary(lc),
    ratio: round(median(cited.ms) / median(lc.ms), 3),
  };
}

/** Per-question latencies (ms) of both sides, question by question, alternating which side goes first. */
async function compareQueries(c: BenchCorpus, lcDir: string) {
  rt.swap((await import('../src/index/index.js')).HybridIndex.load(join(tmp, `${c.name}-cited`)));
  const store = await baseline.load(lcDir, embedder);
  const lat = {
    citedSearch: [] as number[],
    citedAsk: [] as number[],
    lcSearch: [] as number[],
    lcAnswer: [] as number[],
  };
  const hits = { cited1: 0, cited5: 0, lc1: 0, lc5: 0 };
  let refused = 0;
  const qs = c.questions;
  for (const q of qs.slice(0, 20)) {
    await rt.answers.ask({ question: q.question });
    await store.similaritySearch(q.question, 5);
  }
  for (let pass = 0; pass < plan.passes; pass++) {
    for (const [i, q] of qs.entries()) {
      const steps: (() => Promise<void>)[] = [
        async () => {
          const t = await timed(() => rt.answers.search(q.question, 5));
          lat.citedSearch.push(t.ms);
          if (pass === 0 && q.gold) {
            const ids = t.value.map((s) => s.docId);
            if (ids[0] === q.gold) hits.cited1++;
            if (ids.includes(q.gold)) hits.cited5++;
          }
        },
        async () => {
          const t = await timed(() => rt.answers.ask({ question: q.question }));
          lat.citedAsk.push(t.ms);
          if (pass === 0 && t.value.refused) refused++;
        },
        async () => {
          // The baseline's "answer": the top chunk of its top-5 retrieval, returned as is.
          const t = await timed(async () => {
            const docs = await store.similaritySearch(q.question, 5);
            return { answer: docs[0]?.pageContent ?? '', docs };
          });
          lat.lcAnswer.push(t.ms);
          if (pass === 0 && q.gold) {
            const ids = t.value.docs.map((d) => d.metadata.source);
            if (ids[0] === q.gold) hits.lc1++;
            if (ids.includes(q.gold)) hits.lc5++;
          }
        },
      ];
      if ((i + pass) % 2 === 1) steps.reverse();
      for (const s of steps) await s();
    }
    note(`${c.name} queries pass ${pass + 1}/${plan.passes}`);
  }
  const dist = (xs: number[]) => ({ p50: round(median(xs), 3), p95: round(percentile(xs, 95), 3) });
  const n = qs.length;
  const withGold = qs.filter((q) => q.gold).length;
  return {
    questions: n,
    citedSearch: dist(lat.citedSearch),
    citedAsk: dist(lat.citedAsk),
    langchainSearchAndTopChunk: dist(lat.lcAnswer),
    askRatio: round(median(lat.citedAsk) / median(lat.lcAnswer), 2),
    searchRatio: round(median(lat.citedSearch) / median(lat.lcAnswer), 2),
    citedRefusedShare: round(refused / n, 3),
    ...(withGold
      ? {
          hit: {
            citedAt1: round(hits.cited1 / withGold, 3),
            citedAt5: round(hits.cited5 / withGold, 3),
            langchainAt1: round(hits.lc1 / withGold, 3),
            langchainAt5: round(hits.lc5 / withGold, 3),
          },
        }
      : {}),
  };
}

/** Cold load of a saved index and the memory it holds, each in a fresh process, sides alternating. */
async function compareLoad(dirs: { cited: string; langchain: string }, rounds: number) {
  const cited: LoadProbe[] = [];
  const lc: LoadProbe[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['cited', 'langchain'] as const) : (['langchain', 'cited'] as const);
    for (const side of order) {
      const probe = await runBenchScript<LoadProbe>('load-probe.ts', ['--side', side, '--dir', dirs[side]], {
        exposeGc: true,
      });
      (side === 'cited' ? cited : lc).push(probe);
    }
  }
  const sum = (ps: LoadProbe[]) => ({
    loadMs: round(median(ps.map((p) => p.loadMs)), 1),
    firstQueryMs: round(median(ps.map((p) => p.firstQueryMs)), 2),
    indexRssMb: round(median(ps.map((p) => p.indexRssMb)), 1),
    indexHeapMb: round(median(ps.map((p) => p.indexHeapMb)), 1),
    totalRssMb: round(median(ps.map((p) => p.totalRssMb)), 1),
  });
  const a = sum(cited);
  const b = sum(lc);
  return {
    cited: a,
    langchain: b,
    loadRatio: round(a.loadMs / b.loadMs, 2),
    memoryRatio: round(a.indexRssMb / b.indexRssMb, 2),
  };
}

const out: Record<string, unknown> = { quick };
for (const corpus of [articleCorpus(), squadCorpus(plan.squadQuestions)]) {
  const ing = await compareIngest(corpus, plan.ingestRounds[corpus.name as 'article' | 'squad']);
  const queries = await compareQueries(corpus, ing.dirs.langchain);
  const load = await compareLoad(ing.dirs, plan.loadRounds);
  out[corpus.name] = { ingest: { cited: ing.cited, langchain: ing.langchain, ratio: ing.ratio }, queries, load };
  rmSync(corpus.dir, { recursive: true, force: true });
}
rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify(out));
