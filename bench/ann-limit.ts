/**
 * Part 2: hnswlib (cited's parameters: cosine, M=16, efConstruction=200) against an exact Float32 scan on the
 * word-vector table itself (341k × 100). Held-out words' vectors are the queries: they are removed from the index,
 * so no query finds itself. Exact and HNSW batches alternate round by round over the same queries.
 *   node --import tsx bench/ann-limit.ts [--quick] [--svg bench/ann-recall-qps.svg]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import hnswlib from 'hnswlib-node';
import { loadWordVectors } from '../src/embeddings/index.js';
import { note } from './lib/child.js';
import { median, round } from './lib/stats.js';
import { recallQpsSvg } from './lib/svg.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, svg: { type: 'string' } } });
const quick = values.quick;
const K = 10;
const EFS = [10, 16, 32, 64, 128, 256, 512];
const plan = quick ? { base: 15_000, queries: 200, rounds: 2 } : { base: Infinity, queries: 1000, rounds: 5 };

const words = loadWordVectors();
const dims = words.dims;
const total = Math.min(words.size, plan.base + plan.queries);

// Unit Float32 rows in one flat buffer, the layout an exact scan wants.
const flat = new Float32Array(total * dims);
for (let r = 0; r < total; r++) {
  const v = flat.subarray(r * dims, (r + 1) * dims);
  words.addTo(v, r, 1);
  let n = 0;
  for (let d = 0; d < dims; d++) n += v[d] * v[d];
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let d = 0; d < dims; d++) v[d] *= inv;
}

// Held-out rows: every (total / queries)-th row, so queries span frequent and rare words alike.
const stride = Math.floor(total / plan.queries);
const heldOut = new Set<number>();
for (let i = 0; i < plan.queries; i++) heldOut.add(i * stride + 7);
const baseRows: number[] = [];
for (let r = 0; r < total; r++) if (!heldOut.has(r)) baseRows.push(r);
const queries = [...heldOut].map((r) => flat.subarray(r * dims, (r + 1) * dims));
note(`${baseRows.length} indexed vectors, ${queries.length} held-out queries`);

const base = new Float32Array(baseRows.length * dims);
baseRows.forEach((r, i) => base.set(flat.subarray(r * dims, (r + 1) * dims), i * dims));

/** Exact top-k by dot product (unit vectors: cosine), labels are positions in `base`. */
function exactTopK(q: Float32Array): number[] {
  const best: number[] = [];
  const bestS: number[] = [];
  const n = base.length / dims;
  for (let i = 0, o = 0; i < n; i++, o += dims) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += q[d] * base[o + d];
    if (best.length < K || s > bestS[best.length - 1]) {
      let j = Math.min(best.length, K - 1);
      while (j > 0 && bestS[j - 1] < s) {
        bestS[j] = bestS[j - 1];
        best[j] = best[j - 1];
        j--;
      }
      bestS[j] = s;
      best[j] = i;
      if (best.length > K) {
        best.length = K;
        bestS.length = K;
      }
    }
  }
  return best;
}

const tBuild = performance.now();
const index = new hnswlib.HierarchicalNSW('cosine', dims);
const nBase = base.length / dims;
index.initIndex(nBase, 16, 200, 42);
for (let i = 0; i < nBase; i++) {
  index.addPoint(Array.from(base.subarray(i * dims, (i + 1) * dims)), i);
  if (i % 50_000 === 0 && i) note(`hnsw insert ${i}/${nBase}`);
}
const buildMs = performance.now() - tBuild;
note(`hnsw built in ${(buildMs / 1000).toFixed(1)} s`);

const truth: number[][] = new Array(queries.length);
const exactQps: number[] = [];
const annQps = new Map<number, number[]>(EFS.map((ef) => [ef, []]));
const annFound = new Map<number, number[][]>(EFS.map((ef) => [ef, new Array(queries.length)]));
const qArrays = queries.map((q) => Array.from(q));
const per = Math.ceil(queries.length / plan.rounds);
for (let round_ = 0; round_ < plan.rounds; round_++) {
  const from = round_ * per;
  const to = Math.min(queries.length, from + per);
  const runExact = () => {
    const t0 = performance.now();
    for (let i = from; i < to; i++) truth[i] = exactTopK(queries[i]);
    exactQps.push(((to - from) * 1000) / (performance.now() - t0));
  };
  const runAnn = () => {
    const efs = round_ % 2 === 0 ? EFS : [...EFS].reverse();
    for (const ef of efs) {
      index.setEf(ef);
      const t0 = performance.now();
      for (let i = from; i < to; i++) annFound.get(ef)![i] = index.searchKnn(qArrays[i], K).neighbors;
      annQps.get(ef)!.push(((to - from) * 1000) / (performance.now() - t0));
    }
  };
  if (round_ % 2 === 0) {
    runExact();
    runAnn();
  } else {
    runAnn();
    runExact();
  }
  note(`round ${round_ + 1}/${plan.rounds}`);
}

const exact = median(exactQps);
const curve = EFS.map((ef) => {
  let hit = 0;
  annFound.get(ef)!.forEach((found, i) => {
    const t = new Set(truth[i]);
    hit += found.filter((r) => t.has(r)).length;
  });
  const qps = median(annQps.get(ef)!);
  return { ef, recall: round(hit / (queries.length * K), 4), qps: round(qps, 0), speedup: round(qps / exact, 1) };
});
const meeting = curve.filter((c) => c.recall >= 0.95).sort((a, b) => b.qps - a.qps)[0];
if (values.svg) {
  writeFileSync(
    values.svg,
    recallQpsSvg({
      title:
        `hnswlib (M=16, efC=200) vs exact scan — ${nBase.toLocaleString('en')} word vectors × ${dims}, ` +
        `${queries.length} held-out queries`,
      points: curve.map((c) => ({ recall: c.recall, qps: c.qps, label: `ef ${c.ef}` })),
      exactQps: exact,
      targetRecall: 0.95,
      targetSpeedup: 50,
    }),
  );
}
console.log(
  JSON.stringify({
    quick,
    vectors: nBase,
    dims,
    queries: queries.length,
    k: K,
    buildMs: round(buildMs, 0),
    exactQps: round(exact, 1),
    curve,
    bestAtRecall95: meeting
      ? { ef: meeting.ef, recall: meeting.recall, qps: meeting.qps, speedup: meeting.speedup }
      : null,
  }),
);
