/**
 * Runs every benchmark and prints one table of ratios (cited ÷ LangChain, HNSW ÷ exact, ask ÷ hello-world).
 *   npm run bench                     full run (about 15 minutes on 2 cores), writes bench/results/full.json
 *   npm run bench -- --quick          reduced sizes, under a minute, writes bench/results/quick.json
 *   npm run bench -- --parts 1,3      only some parts (1 LangChain incl. its RAG chain, 2 ANN limit, 3 server, 4 scale)
 *   npm run bench -- --scale 100000,300000   chunk counts for part 4 (full default 100k and 300k)
 * Each part runs in its own node process; inside a part, the sides being compared alternate round by round.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchScript } from './lib/child.js';
import { ensureBaselineInstalled } from './lib/langchain-baseline.js';
import { benchDir, repoRoot, resultsDir } from './lib/paths.js';
import { buildRows } from './summary.js';
import type { BenchResults } from './summary.js';
import { markdownTable, textTable } from './lib/table.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    parts: { type: 'string', default: '1,2,3,4' },
    scale: { type: 'string' },
  },
});
const quick = values.quick;
const parts = new Set(values.parts.split(',').map((p) => p.trim()));
const scaleSizes = (values.scale ?? (quick ? '5000' : '100000,300000')).split(',').map(Number);
const q = quick ? ['--quick'] : [];
const say = (m: string) => process.stderr.write(`${m}\n`);
const started = performance.now();

if (!existsSync(join(repoRoot, 'dist', 'cli', 'index.js'))) {
  say('dist/ is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
if (parts.has('1')) ensureBaselineInstalled(say);

const results: BenchResults = {
  mode: quick ? 'quick' : 'full',
  machine: {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  date: new Date().toISOString(),
};
if (parts.has('1')) {
  say('part 1: cited vs the LangChain.js tutorial stack');
  results.langchain = await runBenchScript('vs-langchain.ts', q, { echo: true });
  say('part 1b: cited ask vs the LangChain.js RAG chain with an instant LLM');
  results.langchainChain = await runBenchScript('langchain-chain.ts', q, { echo: true });
}
if (parts.has('2')) {
  say('part 2: HNSW vs exact scan on the word-vector table');
  const svg = quick ? join(resultsDir, 'ann-recall-qps-quick.svg') : join(benchDir, 'ann-recall-qps.svg');
  mkdirSync(resultsDir, { recursive: true });
  results.ann = await runBenchScript('ann-limit.ts', [...q, '--svg', svg], { echo: true });
}
if (parts.has('3')) {
  say('part 3: the server against a Hono hello-world');
  results.server = await runBenchScript('server-load.ts', q, { echo: true });
}
if (parts.has('4')) {
  results.scale = [];
  for (const chunks of scaleSizes) {
    say(`part 4: scale, ${chunks.toLocaleString('en')} chunks`);
    // A heap big enough for the largest size; each size gets a fresh process so its peak RSS is its own.
    results.scale.push(
      await runBenchScript('scale.ts', ['--chunks', String(chunks), '--queries', quick ? '100' : '300'], {
        heapMb: 20_000,
        exposeGc: true,
        echo: true,
      }),
    );
  }
}
results.seconds = Math.round((performance.now() - started) / 1000);

mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `${results.mode}.json`);
// A run of some parts only updates those parts of the recorded results instead of dropping the others.
if (parts.size < 4 && existsSync(out)) {
  const previous = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
  for (const key of ['langchain', 'langchainChain', 'ann', 'server', 'scale'] as const) {
    if (results[key] === undefined && previous[key] !== undefined) Object.assign(results, { [key]: previous[key] });
  }
}
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
const rows = buildRows(results);
writeFileSync(join(resultsDir, `${results.mode}-table.md`), `${markdownTable(rows)}\n`);
const { machine } = results;
console.log(
  `\ncited benchmarks (${results.mode}, ${machine.nproc} cores, node ${machine.node}, ${results.seconds} s)\n`,
);
console.log(textTable(rows));
console.log(
  `\nratios: cited ÷ LangChain (time: < 1 is faster), HNSW ÷ exact (QPS), ask ÷ hello-world (time per request)`,
);
console.log(`results: ${out}`);
