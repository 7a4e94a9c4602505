import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { CitedError } from '../errors.js';
import {
  compareRuns,
  evaluateSquad,
  htmlReport,
  loadDataset,
  loadSquad,
  markdownReport,
  runDataset,
  summarise,
  summaryTable,
} from '../eval/index.js';
import type { EvalResult, SquadSplit } from '../eval/index.js';
import { Runtime } from '../main/index.js';

export interface EvalOptions {
  dataset?: string;
  squad?: string;
  split?: SquadSplit;
  sample?: number;
  seed?: number;
  out?: string;
  report?: string;
  compare?: string;
  mode?: 'extractive' | 'llm';
  k?: number;
}

export interface EvalIo {
  log: (m: string) => void;
  progress: (phase: string, done: number, total: number) => void;
  print: (text: string) => void;
}

const packageRoot = () => fileURLToPath(new URL('../../', import.meta.url));

function withMode(config: Config, mode?: 'extractive' | 'llm'): Config {
  if (mode === 'llm' && !config.openai.apiKey && !config.openai.baseURL) {
    throw new CitedError('CONFIG_INVALID', '--mode llm needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  return { ...config, llm: mode === 'llm' ? 'openai' : mode === 'extractive' ? 'extractive' : config.llm };
}

/** `cited eval`: a dataset (the seed set by default) or a SQuAD 2.0 split through the answer path the API uses. */
export async function runEval(base: Config, o: EvalOptions, io: EvalIo): Promise<EvalResult> {
  let dropped = 0;
  let rejected = 0;
  const onAnswer = (_a: unknown, s: { droppedCitations: number; rejectedQuotes: number }) => {
    dropped += s.droppedCitations;
    rejected += s.rejectedQuotes;
  };
  let result: EvalResult;
  let title: string;
  if (o.squad) {
    const split = o.split ?? 'dev';
    const run = loadSquad(o.squad, split, o.sample, o.seed ?? 1);
    const corpus = mkdtempSync(join(tmpdir(), 'cited-squad-'));
    try {
      for (const p of run.paragraphs) writeFileSync(join(corpus, `${p.name}.txt`), `${p.title}\n\n${p.context}`);
      const config = withMode({ ...base, corpusDir: corpus, indexDir: join(corpus, '.index') }, o.mode);
      const rt = Runtime.create(config, { log: io.log, onProgress: io.progress, onAnswer });
      await rt.ingest([corpus]);
      const items = await runDataset(rt.answers, run.items, {
        k: o.k ?? 5,
        onProgress: (d, t) => io.progress('asking', d, t),
      });
      const docText = (id: string) => rt.index().document(id)?.text;
      const summary = summarise(items, docText, dropped, rejected);
      const paragraphOf = new Map(run.items.map((i) => [i.id, i.paragraph]));
      // On SQuAD, retrieval is judged by the gold paragraph, for every question (answerable or not).
      const hits = (ranked: (id: string) => string[], k: number) =>
        items.filter((i) => ranked(i.id).slice(0, k).includes(paragraphOf.get(i.id)!)).length / items.length;
      const mrr = (ranked: (id: string) => string[]) =>
        items.reduce((s, i) => {
          const r = ranked(i.id).indexOf(paragraphOf.get(i.id)!);
          return s + (r >= 0 ? 1 / (r + 1) : 0);
        }, 0) / items.length;
      const cited = new Map(items.map((i) => [i.id, i.sources.map((s) => s.docId)]));
      const bm25 = new Map<string, string[]>();
      for (const i of run.items)
        bm25.set(
          i.id,
          (await rt.index().searchTerms(i.question, 5)).map((h) => h.chunk.docId),
        );
      const predictions = Object.fromEntries(items.map((i) => [i.id, i.refused ? '' : (i.shortAnswer ?? '')]));
      // DESIGN's rule scores an answer without a short span as "no answer"; the strict figure scores its first
      // quote instead, so an answer that should have been a refusal counts against it.
      const strict = Object.fromEntries(
        items.map((i) => [i.id, i.refused ? '' : (i.shortAnswer ?? i.citations[0]?.quote ?? '')]),
      );
      result = {
        summary: {
          ...summary,
          squad: evaluateSquad(run.data, predictions),
          squadStrict: evaluateSquad(run.data, strict),
          retrieval: {
            hitAt1: hits((id) => cited.get(id)!, 1),
            hitAt3: hits((id) => cited.get(id)!, 3),
            hitAt5: hits((id) => cited.get(id)!, 5),
            mrr: mrr((id) => cited.get(id)!),
            bm25: { hitAt1: hits((id) => bm25.get(id)!, 1), hitAt5: hits((id) => bm25.get(id)!, 5) },
          },
        },
        items,
      };
      title = `SQuAD 2.0 ${split}${o.sample ? ` (sample ${o.sample}, seed ${o.seed ?? 1})` : ''}`;
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  } else {
    const path =
      o.dataset ?? (existsSync('evals/seed.jsonl') ? 'evals/seed.jsonl' : join(packageRoot(), 'evals', 'seed.jsonl'));
    const dataset = loadDataset(path);
    const rt = Runtime.create(withMode(base, o.mode), { log: io.log, onProgress: io.progress, onAnswer });
    await rt.ensureIndex();
    const items = await runDataset(rt.answers, dataset, { k: o.k, onProgress: (d, t) => io.progress('asking', d, t) });
    result = { summary: summarise(items, (id) => rt.index().document(id)?.text, dropped, rejected), items };
    title = `cited eval: ${path}`;
  }
  io.print(summaryTable(result.summary));
  if (o.out) write(o.out, JSON.stringify(result, null, 1));
  if (o.report) {
    write(o.report, markdownReport(result, title));
    write(o.report.replace(/\.md$/i, '') + '.html', htmlReport(result, title));
  }
  if (o.compare) {
    let before: EvalResult;
    try {
      before = JSON.parse(readFileSync(o.compare, 'utf8')) as EvalResult;
    } catch {
      throw new CitedError('INVALID_REQUEST', `cannot read ${o.compare} as an earlier --out file`);
    }
    io.print(`\ncompared with ${o.compare}:\n${compareRuns(before, result)}`);
  }
  return result;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
