/**
 * Child-process fixture for tests/rag/bounded-memory.test.ts: asks the real answer service over the shipped
 * article `count` questions that are each one unique `length`-letter word, and prints the live heap (after gc)
 * once the first `warmup` have been asked and again at the end, as one JSON line. Run with `node --expose-gc`.
 */
import { articleRuntime } from './runtime.js';

const [count = 20_000, length = 1_990, warmup = 1_000] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** xorshift32: deterministic letters, so every run asks the same questions and none repeats. */
function* words(): Generator<string> {
  let x = 2_463_534_242;
  for (;;) {
    let w = '';
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      w += String.fromCharCode(97 + ((x >>> 0) % 26));
    }
    yield w;
  }
}

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const rt = await articleRuntime({ CITED_LLM: 'extractive' });
const it = words();
let after = 0;
let refused = 0;
const started = performance.now();
for (let i = 0; i < count; i++) {
  if (i === warmup) after = heap();
  const answer = await rt.answers.ask({ question: it.next().value as string });
  if (answer.refused) refused++;
}
const seconds = (performance.now() - started) / 1000;
const perSecond = Math.round(count / seconds);
console.log(JSON.stringify({ count, length, warmup, after, end: heap(), refused, perSecond }));
