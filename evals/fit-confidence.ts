/**
 * Fits the extractive answerer's confidence model (src/rag/confidence.ts) on the DEV half of SQuAD 2.0 and writes
 * src/rag/confidence-weights.ts. Never run it on the held-out half: that split is for reporting only.
 *
 *   npx tsx evals/fit-confidence.ts [evals/datasets/squad2-dev/dev-v2.0.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '../src/config.js';
import { computeF1, loadDataset, loadSquad } from '../src/eval/index.js';
import { Runtime } from '../src/main/index.js';
import { analyzeQuestion, CONFIDENCE_FEATURES, NEEDS_CANDIDATE } from '../src/rag/index.js';
import type { ExtractiveSelection } from '../src/rag/index.js';
import type { DatasetItem } from '../src/eval/index.js';

interface Row {
  x: number[];
  pos: number;
  neg: number;
  group: number;
}

// The seed set (evals/seed.jsonl, about the shipped article) weighs as much as this many SQuAD answers each: the
// model must not learn SQuAD's adversarial unanswerables so well that it refuses plain questions about news.
const SEED_WEIGHT = Number(process.env.SEED_WEIGHT ?? 3);

// The short answer the answer path chose for the question being asked, before its confidence check: the questions
// go through runtime.answers, as the API's do, and the extractive answerer reports its choice here.
const chosen: ExtractiveSelection[] = [];
const onSelect = (selection: ExtractiveSelection) => chosen.push(selection);

const file = process.argv[2] ?? new URL('datasets/squad2-dev/dev-v2.0.json', import.meta.url).pathname;
const run = loadSquad(file, 'dev');
const dir = mkdtempSync(join(tmpdir(), 'cited-fit-'));
for (const p of run.paragraphs) writeFileSync(join(dir, `${p.name}.txt`), `${p.title}\n\n${p.context}`);
const rt = Runtime.create(loadConfig({ CITED_INDEX_DIR: join(dir, '.index'), CITED_CORPUS_DIR: dir }), { onSelect });
await rt.ingest([dir]);

// Each answer the gate could let through: an answerable question counts for its F1, an unanswerable one against.
async function collect(runtime: Runtime, items: DatasetItem[], weight: number, rows: Row[]): Promise<void> {
  for (const [k, item] of items.entries()) {
    // Only a typed question gets a short answer to judge, so only those are asked (a question with history is
    // typed after condensing, inside the answer path). This also keeps the rows what they were: the shared NLP
    // pipeline's tagging depends on the text it read before (wink-nlp learns each unknown word), and asking the
    // untyped questions too shifts the margin of 2 of the 773 answers a little.
    if (!item.history?.length && !NEEDS_CANDIDATE.has(analyzeQuestion(item.question).type)) continue;
    chosen.length = 0;
    await runtime.answers.ask({ question: item.question, history: item.history });
    const s = chosen.pop();
    if (!s || !NEEDS_CANDIDATE.has(s.question.type)) continue;
    const pos = item.answers.length ? Math.max(...item.answers.map((g) => computeF1(g, s.span))) : 0;
    rows.push({ x: s.features, pos: weight * pos, neg: item.answers.length ? 0 : weight, group: k % 2 });
  }
}
const rows: Row[] = [];
await collect(rt, run.items, 1, rows);
rmSync(dir, { recursive: true, force: true });
const seedDir = mkdtempSync(join(tmpdir(), 'cited-fit-seed-'));
const seedRt = Runtime.create(loadConfig({ CITED_INDEX_DIR: seedDir }), { onSelect });
await seedRt.ensureIndex();
const squadRows = rows.length;
await collect(seedRt, loadDataset(new URL('./seed.jsonl', import.meta.url).pathname), SEED_WEIGHT, rows);
rmSync(seedDir, { recursive: true, force: true });
console.log(`${squadRows} SQuAD dev answers, ${rows.length - squadRows} seed answers (each weighing ${SEED_WEIGHT})`);

function fit(data: Row[], l2 = 0.01, iterations = 3000, rate = 0.1): number[] {
  const w = new Array<number>(CONFIDENCE_FEATURES.length).fill(0);
  const total = data.reduce((s, r) => s + r.pos + r.neg, 0) || 1;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(w.length).fill(0);
    for (const r of data) {
      const p = 1 / (1 + Math.exp(-r.x.reduce((s, v, i) => s + v * w[i], 0)));
      const err = p * (r.pos + r.neg) - r.pos;
      r.x.forEach((v, i) => (g[i] += err * v));
    }
    for (let i = 0; i < w.length; i++) w[i] -= rate * (g[i] / total + l2 * w[i]);
  }
  return w;
}
const net = (data: Row[], w?: number[]) =>
  data.reduce((s, r) => (!w || r.x.reduce((a, v, i) => a + v * w[i], 0) > 0 ? s + r.pos - r.neg : s), 0);

for (const g of [0, 1]) {
  const w = fit(rows.filter((r) => r.group !== g));
  const test = rows.filter((r) => r.group === g);
  console.log(`fold ${g}: net F1 points on the other half ${net(test).toFixed(1)} → ${net(test, w).toFixed(1)}`);
}
const weights = fit(rows).map((v) => Number(v.toFixed(4)));
const netAll = `net ${net(rows).toFixed(1)} → ${net(rows, weights).toFixed(1)}`;
console.log(`all ${rows.length} answers: ${netAll} (of ${run.items.length} questions)`);

/** Comment lines naming the features, wrapped as the formatter cannot wrap a comment: within `width`. */
function featuresComment(names: readonly string[], width: number): string {
  const lines = ['// Features, in order:'];
  names.forEach((name, i) => {
    const word = ` ${name}${i === names.length - 1 ? '.' : ','}`;
    if (lines[lines.length - 1].length + word.length > width) lines.push('//');
    lines[lines.length - 1] += word;
  });
  return lines.map((l) => `${l}\n`).join('');
}

const out = new URL('../src/rag/confidence-weights.ts', import.meta.url).pathname;
const prettier = await resolveConfig(out);
const PRETTIER_DEFAULT_WIDTH = 80; // what prettier uses when the config names no printWidth
const source =
  `// Generated by evals/fit-confidence.ts on the dev half of SQuAD 2.0; do not edit by hand.\n` +
  featuresComment(CONFIDENCE_FEATURES, prettier?.printWidth ?? PRETTIER_DEFAULT_WIDTH) +
  `export const CONFIDENCE_WEIGHTS: readonly number[] = [${weights.join(', ')}];\n`;
// Written as the repository's formatter would write it, so a refit that finds the same weights changes nothing.
writeFileSync(out, await format(source, { ...prettier, filepath: out }));
console.log(`wrote ${out}`);
