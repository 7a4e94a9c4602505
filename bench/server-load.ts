/**
 * Part 3: `cited serve` (offline) against a Hono hello-world, both running as their own process on this machine,
 * measured in this one run with the sides alternating: sequential latency p50/p95 (own keep-alive client,
 * sub-ms), throughput and latency under concurrency (autocannon), time to the first SSE event, cold start
 * (index already built → first answer) and the server's resident memory.
 *   node --import tsx bench/server-load.ts [--quick]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { note } from './lib/child.js';
import { closeAgent, post } from './lib/http-client.js';
import { repoRoot } from './lib/paths.js';
import { citedServeArgs, citedServeEnv, processRss, startProcess } from './lib/server-process.js';
import type { ServerProcess } from './lib/server-process.js';
import { median, percentile, round } from './lib/stats.js';

/** One POST /api/ask per question, as autocannon cycles through them. */
const askRequests = (questions: string[]) =>
  questions.map((q) => ({
    method: 'POST' as const,
    path: '/api/ask',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: q }),
  }));

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick;
const plan = quick
  ? { coldRounds: 2, sequential: 150, rounds: 1, seconds: 2, concurrency: [1, 8], workerConcurrency: [16], sse: 30 }
  : {
      coldRounds: 7,
      sequential: 1000,
      rounds: 3,
      seconds: 5,
      concurrency: [1, 4, 16, 64],
      workerConcurrency: [4, 16, 64],
      sse: 200,
    };

const questions = readFileSync(join(repoRoot, 'evals', 'seed.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { question: string }).question);
const indexDir = mkdtempSync(join(tmpdir(), 'cited-bench-serve-'));
const env = citedServeEnv(indexDir);

// Build the index once (the first start ingests the corpus); every later start loads it.
note('first start: building the index');
await (await startProcess(citedServeArgs(), env, /ready:/)).stop();

/** Spawn → first 200 answer from /api/ask (the server answers 503 while the index loads). */
async function coldStart(): Promise<{ ms: number; server: ServerProcess }> {
  const t0 = performance.now();
  const server = await startProcess(citedServeArgs(), env);
  for (;;) {
    const r = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: questions[0] }),
    });
    await r.text();
    if (r.status === 200) return { ms: performance.now() - t0, server };
    if (r.status !== 503) throw new Error(`cold start: /api/ask answered ${r.status}`);
    await new Promise((res) => setTimeout(res, 2));
  }
}
const cold: number[] = [];
const idleRss: number[] = [];
for (let r = 0; r < plan.coldRounds; r++) {
  const { ms, server } = await coldStart();
  cold.push(ms);
  idleRss.push(processRss(server.child.pid!).rssMb);
  await server.stop();
}
note(`cold start median ${median(cold).toFixed(0)} ms`);

const cited = await startProcess(citedServeArgs(), env, /ready:/);
const hello = await startProcess(['--import', 'tsx', join(repoRoot, 'bench', 'hello-server.ts')], {});
const sides = { ask: cited, hello } as const;
const askBody = (i: number) => ({ question: questions[i % questions.length] });

// Warm both (JIT, NLP memo tables) so rounds compare steady states.
for (let i = 0; i < 200; i++) for (const s of Object.values(sides)) await post(`${s.url}/api/ask`, askBody(i));

// Sequential latency, one request at a time, the sides alternating request by request.
const seq = { ask: [] as number[], hello: [] as number[] };
for (let i = 0; i < plan.sequential; i++) {
  const order = i % 2 === 0 ? (['ask', 'hello'] as const) : (['hello', 'ask'] as const);
  for (const side of order) {
    const t = await post(`${sides[side].url}/api/ask`, askBody(i));
    if (t.status !== 200) throw new Error(`${side}: HTTP ${t.status}`);
    seq[side].push(t.totalMs);
  }
}
note('sequential latency done');

// Throughput under concurrency with autocannon; rounds alternate the sides at each concurrency.
type Load = { rps: number[]; p50: number[]; p975: number[]; errors: number };
const load: Record<number, Record<'ask' | 'hello', Load>> = {};
for (const connections of plan.concurrency) {
  const empty = (): Load => ({ rps: [], p50: [], p975: [], errors: 0 });
  const row = (load[connections] = { ask: empty(), hello: empty() });
  for (let r = 0; r < plan.rounds; r++) {
    const order = r % 2 === 0 ? (['ask', 'hello'] as const) : (['hello', 'ask'] as const);
    for (const side of order) {
      const res = await autocannon({
        url: sides[side].url,
        connections,
        duration: plan.seconds,
        requests: askRequests(questions),
      });
      row[side].rps.push(res.requests.average);
      row[side].p50.push(res.latency.p50);
      row[side].p975.push(res.latency.p97_5);
      row[side].errors += res.errors + res.non2xx + res.timeouts;
    }
  }
  note(`autocannon c=${connections} done`);
}
const loadedRss = processRss(cited.child.pid!);

// Time to the first SSE event (`sources`), next to the whole stream, one request at a time.
const sse = { first: [] as number[], total: [] as number[] };
for (let i = 0; i < plan.sse; i++) {
  const t = await post(`${cited.url}/api/ask`, { ...askBody(i), stream: true }, { accept: 'text/event-stream' });
  if (t.status !== 200 || !t.body.includes('event: sources')) throw new Error(`SSE: HTTP ${t.status}`);
  sse.first.push(t.firstByteMs);
  sse.total.push(t.totalMs);
}
// The same load on `serve --workers 2` (a primary loads the index, two workers share the port): one node process
// uses one core, so this is how the server uses both. Rounds alternate with the single process at each concurrency.
const pool = await startProcess([...citedServeArgs(), '--workers', '2'], env, /ready:[\s\S]*ready:/);
// Each worker warms its own JIT and memo tables. The primary hands out connections, not requests, so one
// keep-alive client would warm one worker only: warm with many connections instead.
await autocannon({ url: pool.url, connections: 8, duration: 3, requests: askRequests(questions) });
const poolLoad: Record<number, { one: number[]; two: number[]; p50: number[]; p975: number[]; errors: number }> = {};
for (const connections of plan.workerConcurrency) {
  const row = (poolLoad[connections] = {
    one: [] as number[],
    two: [] as number[],
    p50: [] as number[],
    p975: [] as number[],
    errors: 0,
  });
  for (let r = 0; r < plan.rounds; r++) {
    for (const side of r % 2 === 0 ? (['two', 'one'] as const) : (['one', 'two'] as const)) {
      const res = await autocannon({
        url: (side === 'two' ? pool : cited).url,
        connections,
        duration: plan.seconds,
        requests: askRequests(questions),
      });
      row[side].push(res.requests.average);
      if (side === 'two') {
        row.p50.push(res.latency.p50);
        row.p975.push(res.latency.p97_5);
        row.errors += res.errors + res.non2xx + res.timeouts;
      }
    }
  }
  note(`2 workers c=${connections} done`);
}
await pool.stop();

closeAgent();
await cited.stop();
await hello.stop();
rmSync(indexDir, { recursive: true, force: true });

const dist = (xs: number[]) => ({ p50: round(median(xs), 3), p95: round(percentile(xs, 95), 3) });
console.log(
  JSON.stringify({
    quick,
    sequential: {
      requests: plan.sequential,
      ask: dist(seq.ask),
      hello: dist(seq.hello),
      ratio: round(median(seq.ask) / median(seq.hello), 2),
    },
    concurrency: plan.concurrency.map((c) => ({
      connections: c,
      ask: {
        rps: round(median(load[c].ask.rps), 0),
        p50: median(load[c].ask.p50),
        p975: median(load[c].ask.p975),
        errors: load[c].ask.errors,
      },
      hello: {
        rps: round(median(load[c].hello.rps), 0),
        p50: median(load[c].hello.p50),
        p975: median(load[c].hello.p975),
        errors: load[c].hello.errors,
      },
      // Time per request relative to the floor: how many hello-worlds one ask costs.
      ratio: round(median(load[c].hello.rps) / median(load[c].ask.rps), 2),
    })),
    workers2: Object.entries(poolLoad).map(([c, row]) => ({
      connections: Number(c),
      rps: round(median(row.two), 0),
      oneProcessRps: round(median(row.one), 0),
      p50: median(row.p50),
      p975: median(row.p975),
      errors: row.errors,
    })),
    sse: { firstEvent: dist(sse.first), done: dist(sse.total) },
    coldStart: { runs: plan.coldRounds, ...dist(cold) },
    rssMb: { idle: round(median(idleRss), 1), afterLoad: loadedRss.rssMb, peak: loadedRss.peakMb },
  }),
);
