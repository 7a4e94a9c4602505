/**
 * HNSW build cost against recall, on cited's own vectors (SIF word-vector means of 3-sentence chunks drawn from
 * the SQuAD + article sentence pool): build time per efConstruction, and recall@50 at cited's search setting
 * (ef 64, 50 candidates) against an exact scan, for held-out question vectors.
 *   node --import tsx bench/hnsw-construction.ts --chunks 100000 --ef 200,100
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { seededRandom } from '../src/eval/squad-data.js';
import { HnswIndex } from '../src/index/hnsw.js';
import { Runtime } from '../src/main/index.js';
import { note } from './lib/child.js';
import { round } from './lib/stats.js';
import { sentencePool } from './lib/synthetic-corpus.js';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '100000' },
    ef: { type: 'string', default: '200,100' },
    queries: { type: 'string', default: '300' },
  },
});
const n = Number(values.chunks);
const pool = sentencePool();
const next = seededRandom(11);
const pick = () => pool[Math.floor(next() * pool.length)];
const texts = Array.from({ length: n }, () => `${pick()} ${pick()} ${pick()}`);
const rt = Runtime.create(loadConfig({ CITED_LLM: 'extractive' }));
const vectors = await rt.embedder.embedVectors(texts);
const dims = vectors[0].length;
const questions = Array.from({ length: Number(values.queries) }, () => pick().split(' ').slice(0, 9).join(' '));
const qv = await rt.embedder.embedVectors(questions);
const K = 50;
const exact = qv.map((q) => {
  const sims = vectors.map((v, row) => {
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += q[i] * v[i];
    return { row, dot };
  });
  return new Set(
    sims
      .sort((a, b) => b.dot - a.dot)
      .slice(0, K)
      .map((s) => s.row),
  );
});
const out: Record<string, { buildS: number; recallAt50: number }> = {};
for (const ef of values.ef.split(',').map(Number)) {
  const t0 = performance.now();
  const index = HnswIndex.build(vectors, dims, { efConstruction: ef });
  const buildS = round((performance.now() - t0) / 1000, 1);
  let hits = 0;
  qv.forEach((q, i) => (hits += index.search(q, K).filter((h) => exact[i].has(h.row)).length));
  out[ef] = { buildS, recallAt50: round(hits / (K * qv.length), 4) };
  note(`efConstruction ${ef}: build ${buildS} s, recall@50 ${out[ef].recallAt50}`);
}
console.log(JSON.stringify({ chunks: n, ...out }));
