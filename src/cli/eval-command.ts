import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { CitedError } from '../errors.js';
import type { AnswerMode } from '../types.js';
import {
  compareRuns,
  htmlReport,
  corpusMismatch,
  loadDatasetFile,
  loadSquad,
  loadSuite,
  suiteRows,
  suiteTable,
  markdownReport,
  runDataset,
  squadSummary,
  summarise,
  summaryTable,
} from '../eval/index.js';
import type { CorpusClaim, DatasetItem, EvalResult, IndexedText, Report, SquadSplit, SuiteSet } from '../eval/index.js';
import { Runtime } from '../main/index.js';

export interface EvalOptions {
  dataset?: string;
  /** With `dataset`: the documents it asks about, ingested into a scratch index (else the configured index). */
  corpus?: string;
  squad?: string;
  split?: SquadSplit;
  sample?: number;
  seed?: number;
  out?: string;
  report?: string;
  compare?: string;
  mode?: AnswerMode;
  k?: number;
}

export interface EvalIo {
  log: (m: string) => void;
  progress: (phase: string, done: number, total: number) => void;
  print: (text: string) => void;
}

/** The plain-BM25 baseline is reported as hit@1 and hit@5: five hits are the deepest it reads. */
const BM25_BASELINE_K = 5;

const packageRoot = () => fileURLToPath(new URL('../../', import.meta.url));

function withMode(config: Config, mode?: AnswerMode): Config {
  if (mode === 'llm' && !config.openai.apiKey && !config.openai.baseURL) {
    throw new CitedError('CONFIG_INVALID', '--mode llm needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  return { ...config, mode: mode ?? config.mode };
}

/** Counts what the answer path dropped or rejected, for the summary's citation figures. */
function answerTally() {
  const tally = { dropped: 0, rejected: 0 };
  const onAnswer = (_a: unknown, s: { droppedCitations: number; rejectedQuotes: number }) => {
    tally.dropped += s.droppedCitations;
    tally.rejected += s.rejectedQuotes;
  };
  return { tally, onAnswer };
}

/** A SQuAD 2.0 split: its paragraphs ingested into a scratch corpus, its questions asked, then scored. */
async function squadEval(base: Config, o: EvalOptions & { squad: string }, io: EvalIo) {
  const split = o.split ?? 'dev';
  const run = loadSquad(o.squad, split, o.sample, o.seed ?? 1);
  const corpus = mkdtempSync(join(tmpdir(), 'cited-squad-'));
  try {
    for (const p of run.paragraphs) writeFileSync(join(corpus, `${p.name}.txt`), `${p.title}\n\n${p.context}`);
    const config = withMode({ ...base, corpusDir: corpus, indexDir: join(corpus, '.index') }, o.mode);
    const { tally, onAnswer } = answerTally();
    const rt = Runtime.create(config, { log: io.log, onProgress: io.progress, onAnswer });
    await rt.ingest([corpus]);
    const items = await runDataset(rt.answers, run.items, {
      k: o.k ?? 5,
      onProgress: (d, t) => io.progress('asking', d, t),
    });
    const summary = summarise(items, (id) => rt.index().document(id)?.text, tally.dropped, tally.rejected);
    const bm25 = new Map<string, string[]>();
    for (const i of run.items) bm25.set(i.id, await bm25Ranked(rt, i.question));
    const result: EvalResult = { summary: squadSummary(run, items, summary, bm25), items };
    return { result, title: `SQuAD 2.0 ${split}${o.sample ? ` (sample ${o.sample}, seed ${o.seed ?? 1})` : ''}` };
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

/** A dataset and what it says of its documents, to refuse an index of others before any question is asked. */
interface AskedDataset {
  path: string;
  items: DatasetItem[];
  claim: CorpusClaim;
}

/** A JSONL dataset (the seed set by default) over the configured index, or over `corpus` in a scratch index. */
async function datasetEval(base: Config, o: EvalOptions, io: EvalIo) {
  const path = o.dataset ?? evalsFile('seed.jsonl');
  const { header, items } = loadDatasetFile(path);
  const dataset = { path, items, claim: header ?? knownSetCorpus(path) };
  if (!o.corpus) return { result: await askDataset(base, dataset, o, io), title: `cited eval: ${path}` };
  const scratch = mkdtempSync(join(tmpdir(), 'cited-eval-'));
  try {
    const config = { ...base, corpusDir: o.corpus, indexDir: scratch };
    return { result: await askDataset(config, dataset, o, io, [o.corpus]), title: `cited eval: ${path}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** evals/<name> of the working folder when it has one (a clone), else of the installed package. */
const evalsFile = (name: string) =>
  existsSync(join('evals', name)) ? join('evals', name) : join(packageRoot(), 'evals', name);

/**
 * A set of evals/sets.json asks about its set's folder. Those datasets carry no header: the confidence weights
 * record the sha256 of the tuning files' bytes (src/rag/confidence-weights.ts), so their folders are named here.
 */
function knownSetCorpus(path: string): CorpusClaim {
  const suite = evalsFile('sets.json');
  const set = existsSync(suite) ? loadSuite(suite).find((s) => s.questions === resolve(path)) : undefined;
  return set ? { corpus: set.corpus } : {};
}

/** A path as the user would type it: relative to the working folder when it lies inside it. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/**
 * Refuses, in one line with the fix, to score a dataset over an index of other documents: every answer would be
 * wrong, and the 0 % it reports would read as the answerer's fault.
 */
function refuseOtherCorpus(dataset: AskedDataset, index: EvalIndex, corpusFlag?: string): void {
  const reason = corpusMismatch(dataset.items, dataset.claim, index.documents());
  if (!reason) return;
  const against = corpusFlag ? `--corpus ${corpusFlag}` : `the index (built from ${index.roots.map(shown).join(', ')})`;
  const fix = fixFor(dataset.claim.corpus && shown(dataset.claim.corpus), corpusFlag !== undefined);
  throw new CitedError(
    'INVALID_REQUEST',
    `${dataset.path} asks about other documents than ${against}: ${reason}; ${fix}`,
  );
}

/** What to type instead, naming the dataset's folder when it is known. */
function fixFor(folder: string | undefined, corpusGiven: boolean): string {
  if (corpusGiven)
    return folder ? `pass --corpus ${folder}, its documents' folder` : "pass its documents' folder as --corpus";
  if (folder) return `rebuild the index with \`cited ingest ${folder}\` or pass --corpus ${folder}`;
  return 'rebuild the index with `cited ingest <folder>` or pass --corpus <folder>, the folder of its documents';
}

/** What the check reads of the index the eval runs on. */
interface EvalIndex {
  roots: readonly string[];
  documents(): readonly IndexedText[];
}

async function askDataset(base: Config, dataset: AskedDataset, o: EvalOptions, io: EvalIo, roots?: string[]) {
  const { tally, onAnswer } = answerTally();
  const rt = Runtime.create(withMode(base, o.mode), { log: io.log, onProgress: io.progress, onAnswer });
  if (roots) await rt.ingest(roots);
  else await rt.ensureIndex();
  refuseOtherCorpus(dataset, rt.index(), o.corpus);
  const items = await runDataset(rt.answers, dataset.items, {
    k: o.k,
    onProgress: (d, t) => io.progress('asking', d, t),
  });
  const result: EvalResult = {
    summary: summarise(items, (id) => rt.index().document(id)?.text, tally.dropped, tally.rejected),
    items,
  };
  return result;
}

/**
 * `cited eval` without a dataset: every set of evals/sets.json, each over its own documents, tuning and held-out
 * side by side. `--out` writes `{ sets: { name: { role, summary, items } } }`.
 */
export async function runSuite(base: Config, o: EvalOptions & { suite?: string }, io: EvalIo) {
  if (o.report) checkReportDir(o.report);
  const suite = o.suite ?? evalsFile('sets.json');
  const sets = loadSuite(suite);
  const results: { set: SuiteSet; summary: EvalResult['summary']; items: EvalResult['items'] }[] = [];
  for (const set of sets) {
    io.log(`${set.name} (${set.role}): ${set.questions}`);
    const r = await datasetEval(base, { ...o, dataset: set.questions, corpus: set.corpus }, io);
    results.push({ set, ...r.result });
  }
  io.print(suiteTable(results));
  const bySet = Object.fromEntries(results.map((r) => [r.set.name, { role: r.set.role, ...r }]));
  if (o.out) write(o.out, JSON.stringify({ sets: bySet }, null, 1));
  if (o.report) {
    const parts = results.map((r) => ({ heading: `${r.set.name} (${r.set.role})`, result: r }));
    writeReport(o.report, { title: `cited eval: ${suite}`, overview: suiteRows(results), parts }, io);
  }
  return results;
}

/** `cited eval`: a dataset (the seed set by default) or a SQuAD 2.0 split through the answer path the API uses. */
export async function runEval(base: Config, o: EvalOptions, io: EvalIo): Promise<EvalResult> {
  if (o.report) checkReportDir(o.report);
  const { result, title } = o.squad
    ? await squadEval(base, { ...o, squad: o.squad }, io)
    : await datasetEval(base, o, io);
  io.print(summaryTable(result.summary));
  if (o.out) write(o.out, JSON.stringify(result, null, 1));
  if (o.report) writeReport(o.report, { title, parts: [{ result }] }, io);
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

const bm25Ranked = async (rt: Runtime, question: string) =>
  (await rt.index().searchTerms(question, BM25_BASELINE_K)).map((h) => h.chunk.docId);

/** What `--report DIR` writes into DIR. */
const REPORT_FILES = { markdown: 'report.md', html: 'report.html' };
/** Names that are files, not folders: what `--report` took before it took a folder. */
const FILE_NAME = /\.(md|markdown|html?)$/i;

/**
 * `--report` names a folder. A path that names a file (`run.md`, or a file that exists) is refused before the
 * evaluation runs, rather than taken as its parent folder: the report would then land under other names than the
 * one typed, beside whatever that folder holds, and the user would look for `run.md` in vain. The one line says what
 * to type instead, and costs no wasted run.
 */
function checkReportDir(dir: string): void {
  const usage = `--report takes a folder, where it writes ${REPORT_FILES.markdown} and ${REPORT_FILES.html}`;
  if (FILE_NAME.test(dir))
    throw new CitedError(
      'INVALID_REQUEST',
      `${usage}: ${dir} is a file name (try --report ${dir.replace(FILE_NAME, '')})`,
    );
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new CitedError('INVALID_REQUEST', `${usage}: ${dir} is a file`);
}

/** Writes the report as Markdown and HTML into `dir` (made if needed), and says where. */
function writeReport(dir: string, report: Report, io: EvalIo): void {
  const markdown = join(dir, REPORT_FILES.markdown);
  const html = join(dir, REPORT_FILES.html);
  write(markdown, markdownReport(report));
  write(html, htmlReport(report));
  io.print(`report: ${markdown}\nreport: ${html}`);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
