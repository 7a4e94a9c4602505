/**
 * One cold load of a saved index in a fresh process (spawned by vs-langchain.ts): how long loading takes, the
 * first query after it, and the memory the loaded index holds (RSS and heap, after a GC, minus the same figures
 * taken just before loading, with the word vectors already loaded, since both sides need them).
 *   node --expose-gc --import tsx bench/load-probe.ts --side cited|langchain --dir INDEX_DIR
 */
import { parseArgs } from 'node:util';
import { LocalEmbeddings, loadWordVectors } from '../src/embeddings/index.js';
import { HybridIndex } from '../src/index/index.js';
import { loadBaseline } from './lib/langchain-baseline.js';
import { gc, mb, timed } from './lib/stats.js';

export interface LoadProbe {
  side: string;
  loadMs: number;
  firstQueryMs: number;
  indexRssMb: number;
  indexHeapMb: number;
  totalRssMb: number;
}

const { values } = parseArgs({ options: { side: { type: 'string' }, dir: { type: 'string' } } });
const dir = values.dir!;
const embedder = new LocalEmbeddings(loadWordVectors());
const baseline = values.side === 'langchain' ? loadBaseline() : undefined;
const query = 'Who commanded the troops?';
embedder.embedText(query); // warm the embedder so the first query times the index, not the tokenizer's JIT
gc();
const before = process.memoryUsage();
let loadMs: number;
let firstQueryMs: number;
let keep: unknown;
if (baseline) {
  const t = await timed(() => baseline.load(dir, embedder));
  loadMs = t.ms;
  keep = t.value;
  firstQueryMs = (await timed(() => t.value.similaritySearch(query, 5))).ms;
} else {
  const t = await timed(() => HybridIndex.load(dir));
  loadMs = t.ms;
  keep = t.value;
  firstQueryMs = (await timed(() => t.value.search(embedder.embedText(query), query, 5))).ms;
}
gc();
const after = process.memoryUsage();
const result: LoadProbe = {
  side: values.side!,
  loadMs,
  firstQueryMs,
  indexRssMb: mb(after.rss - before.rss),
  indexHeapMb: mb(after.heapUsed - before.heapUsed),
  totalRssMb: mb(after.rss),
};
if (!keep) throw new Error('nothing loaded');
console.log(JSON.stringify(result));
