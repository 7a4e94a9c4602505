import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { isCitedError } from '../errors.js';
import { MAX_K, MAX_QUESTION_CHARS } from '../limits.js';
import { answerMode } from '../schemas.js';
import { VERSION } from '../version.js';
import { ensureVectorCache } from '../embeddings/index.js';
import { Runtime } from '../main/index.js';
import type { EvalOptions } from './eval-command.js';
import { loadEnvFile } from './env-file.js';
import { formatAnswer, formatIngest, formatSources } from './format.js';
import { progressReporter } from './progress.js';
import { serve } from './serve-command.js';

const log = (m: string) => process.stderr.write(`cited: ${m}\n`);

function question(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('the question is empty');
  if (value.length > MAX_QUESTION_CHARS)
    throw new InvalidArgumentError(`the question is longer than ${MAX_QUESTION_CHARS} characters`);
  return value;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function parseK(value: string): number {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K)
    throw new InvalidArgumentError(`must be an integer from 1 to ${MAX_K}`);
  return k;
}

const progress = progressReporter();

function runtime(): Runtime {
  return Runtime.create(loadConfig(), { log, onProgress: progress });
}

const print = (data: unknown) => process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);

export function buildProgram(): Command {
  const program = new Command('cited')
    .description('Grounded Q&A over your documents, every claim cited verbatim. Offline by default.')
    .version(VERSION)
    // Usage errors become one line on stderr, printed by run() like every other failure.
    .exitOverride()
    .configureOutput({ writeErr: () => {}, outputError: () => {} });

  program
    .command('ingest')
    .description('(re)build the index from the corpus; only changed documents are embedded again')
    .argument('[paths...]', 'files or folders to index (default: CITED_CORPUS_DIR)')
    .option('--force', 're-embed every document')
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], o: { force?: boolean; json?: boolean }) => {
      const rt = runtime();
      const report = await rt.ingest(paths, o.force);
      progress.stop();
      const { index: _index, ...summary } = report;
      if (o.json) print(summary);
      else process.stdout.write(`${formatIngest(report, rt.store.versionLabel(report.dir))}\n`);
    });

  program
    .command('ask')
    .description('answer a question from the corpus, with citations')
    .argument('<question>', `the question (1–${MAX_QUESTION_CHARS} characters)`, question)
    .option('--json', 'print the Answer object')
    .option('--k <n>', `sources to retrieve (1–${MAX_K})`, parseK, 5)
    .action(async (question: string, o: { json?: boolean; k: number }) => {
      const rt = runtime();
      await rt.ensureIndex();
      const answer = await rt.answers.ask({ question, k: o.k });
      if (o.json) print(answer);
      else process.stdout.write(`${formatAnswer(answer)}\n`);
    });

  program
    .command('search')
    .description('print the chunks ranked for a query')
    .argument('<query>', `what to search for (1–${MAX_QUESTION_CHARS} characters)`, question)
    .option('--json', 'print {results: Source[]}')
    .option('--k <n>', `results (1–${MAX_K})`, parseK, 5)
    .action(async (query: string, o: { json?: boolean; k: number }) => {
      const rt = runtime();
      await rt.ensureIndex();
      const results = await rt.answers.search(query, o.k);
      if (o.json) print({ results });
      else process.stdout.write(`${formatSources(results)}\n`);
    });

  program
    .command('serve')
    .description('serve the HTTP API, the OpenAI-compatible endpoint and the chat page; ingests first if needed')
    .option('--port <n>', 'port (default PORT or 8787)', (v) => {
      const p = Number(v);
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new InvalidArgumentError('must be a port number');
      return p;
    })
    .option(
      '--workers <n>',
      'worker processes sharing the port (default 1; one per core for throughput). The workers share one rate ' +
        'limit (counted in the primary, or in Redis with CITED_REDIS_URL): CITED_RATE_LIMIT requests a minute in all',
      (v) => positive(v),
    )
    .action(async (o: { port?: number; workers?: number }) => {
      const config = loadConfig();
      if (o.port !== undefined) config.port = o.port;
      await serve(config, o.workers ?? 1, log);
    });

  program
    .command('eval')
    .description(
      'evaluate answers: every set of evals/sets.json side by side (tuning and held-out), one dataset, or SQuAD 2.0',
    )
    .option('--suite <sets.json>', 'the question sets to run side by side (default: evals/sets.json)')
    .option('--dataset <file>', 'one JSONL dataset (format: docs/contracts.md) instead of the sets')
    .option('--corpus <dir>', 'with --dataset: the documents it asks about (default: the configured index)')
    .option('--squad <file>', 'SQuAD 2.0 JSON file: index its paragraphs and report the official EM/F1')
    .option('--split <split>', 'dev | heldout | all (with --squad)', (v) => {
      if (!['dev', 'heldout', 'all'].includes(v)) throw new InvalidArgumentError('must be dev, heldout or all');
      return v;
    })
    .option('--sample <n>', 'ask a seeded sample of N questions (with --squad)', (v) => positive(v))
    .option('--seed <s>', 'sample seed', (v) => positive(v))
    .option('--out <file>', 'write {summary, items} as JSON')
    .option('--report <dir>', 'write report.md and report.html into this folder')
    .option('--compare <old.json>', 'show what improved and regressed since an earlier --out')
    .option('--mode <mode>', answerMode.options.join(' | '), (v) => {
      const mode = answerMode.safeParse(v);
      if (!mode.success) throw new InvalidArgumentError(`must be ${answerMode.options.join(' or ')}`);
      return mode.data;
    })
    .option('--k <n>', `sources to retrieve (1–${MAX_K})`, parseK)
    .action(async (o: EvalOptions & { suite?: string }) => {
      // The evaluation code (datasets, metrics, reports) is loaded only for `cited eval`, not at every start.
      const { runEval, runSuite } = await import('./eval-command.js');
      const io = { log, progress, print: (t: string) => process.stdout.write(`${t}\n`) };
      if (o.dataset || o.squad) await runEval(loadConfig(), o, io);
      else await runSuite(loadConfig(), o, io);
      progress.stop();
    });

  program
    .command('vectors', { hidden: true })
    .description('convert the word vectors to their binary cache (run by npm install)')
    .option('--quiet')
    .action((o: { quiet?: boolean }) => {
      const path = ensureVectorCache(loadConfig().cacheDir, o.quiet ? undefined : log);
      if (!o.quiet) log(`word vectors ready at ${path}`);
    });

  return program;
}

/** Runs the CLI; failures print one line on stderr and set a non-zero exit code. */
export async function run(argv: string[]): Promise<void> {
  // A reader that goes away (`cited ask … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    loadEnvFile(); // before any command reads its settings
    await buildProgram().parseAsync(argv);
  } catch (e) {
    progress.stop();
    if (e instanceof CommanderError) {
      // --help and --version also arrive here, with exit code 0.
      if (e.exitCode === 0) return;
      process.stderr.write(`cited: ${e.message.replace(/^error:\s*/, '').split('\n')[0]} [INVALID_REQUEST]\n`);
      process.exitCode = 2;
      return;
    }
    const message = isCitedError(e) ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`cited: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
