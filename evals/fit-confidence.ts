/**
 * Fits the extractive answerer's confidence model (src/rag/confidence.ts) on the DEV half of SQuAD 2.0 and writes
 * src/rag/confidence-weights.ts. Never run it on the held-out half: that split is for reporting only.
 *
 *   npx tsx evals/fit-confidence.ts [../shared/datasets/squad2-dev-official/dev-v2.0.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { computeF1, loadSquad } from '../src/eval/index.js';
import { Runtime } from '../src/main/index.js';
import { CONFIDENCE_FEATURES, confidenceFeatures, ExtractiveAnswerer, NEEDS_CANDIDATE, Retriever, RuleCondenser, TermMatcher, analyzeQuestion, rankSentences } from '../src/rag/index.js';
import { loadDataset } from '../src/eval/index.js';
import type { DatasetItem } from '../src/eval/index.js';
import { LocalEmbeddings } from '../src/embeddings/index.js';
import { memoize } from '../src/nlp/index.js';

interface Row { x: number[]; pos: number; neg: number; group: number }

// The seed set (evals/seed.jsonl, about the shipped article) weighs as much as this many SQuAD answers each: the
// model must not learn SQuAD's adversarial unanswerables so well that it refuses plain questions about news.
const SEED_WEIGHT = Number(process.env.SEED_WEIGHT ?? 3);

const file = process.argv[2] ?? new URL('../../shared/datasets/squad2-dev-official/dev-v2.0.json', import.meta.url).pathname;
const run = loadSquad(file, 'dev');
const dir = mkdtempSync(join(tmpdir(), 'cited-fit-'));
for (const p of run.paragraphs) writeFileSync(join(dir, `${p.name}.txt`), `${p.title}\n\n${p.context}`);
const rt = Runtime.create(loadConfig({ CITED_INDEX_DIR: join(dir, '.index'), CITED_CORPUS_DIR: dir }));
await rt.ingest([dir]);
const local = new LocalEmbeddings(rt.words);
const embed = memoize((t: string) => local.embedText(t));
const cosine = (a: string, b: string) => {
  const va = embed(a);
  const vb = embed(b);
  let dot = 0;
  for (let i = 0; i < va.length; i++) dot += va[i] * vb[i];
  return dot;
};
const deps = { matcher: new TermMatcher(rt.words), similarity: cosine };
const answerer = new ExtractiveAnswerer(deps, { confidence: false });

// Each answer the gate could let through: an answerable question counts for its F1, an unanswerable one against.
async function collect(runtime: Runtime, items: DatasetItem[], weight: number, rows: Row[]): Promise<void> {
  const retriever = new Retriever(() => runtime.index(), runtime.embedder);
  const condenser = new RuleCondenser();
  for (const [k, item] of items.entries()) {
    const question = item.history?.length ? await condenser.condense(item.question, item.history) : item.question;
    const q = analyzeQuestion(question);
    if (!NEEDS_CANDIDATE.has(q.type)) continue;
    const ranked = rankSentences(q, await retriever.retrieve(question, 5), (id) => runtime.index().document(id), deps);
    const at = answerer.select(q, ranked);
    const s = ranked[at];
    if (at < 0 || !s.candidate) continue;
    const short = s.text.slice(s.candidate.start, s.candidate.end).trim();
    const pos = item.answers.length ? Math.max(...item.answers.map((g) => computeF1(g, short))) : 0;
    rows.push({ x: confidenceFeatures(q, ranked, at), pos: weight * pos, neg: item.answers.length ? 0 : weight, group: k % 2 });
  }
}
const rows: Row[] = [];
await collect(rt, run.items, 1, rows);
rmSync(dir, { recursive: true, force: true });
const seedDir = mkdtempSync(join(tmpdir(), 'cited-fit-seed-'));
const seedRt = Runtime.create(loadConfig({ CITED_INDEX_DIR: seedDir }));
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
console.log(`all ${rows.length} answers: net ${net(rows).toFixed(1)} → ${net(rows, weights).toFixed(1)} (of ${run.items.length} questions)`);
const out = new URL('../src/rag/confidence-weights.ts', import.meta.url).pathname;
writeFileSync(
  out,
  `// Generated by evals/fit-confidence.ts on the dev half of SQuAD 2.0; do not edit by hand.\n` +
    `// Features, in order: ${CONFIDENCE_FEATURES.join(', ')}.\n` +
    `export const CONFIDENCE_WEIGHTS: readonly number[] = [${weights.join(', ')}];\n`,
);
console.log(`wrote ${out}`);
