/**
 * p50/p99 latency of /health and /api/ask (offline) on a real `cited serve`, measured side by side:
 * rounds alternate between the two routes so machine noise hits both alike.
 *   node --import tsx bench/http-latency.ts [--seconds 5] [--rounds 3] [--connections 1]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { citedServeArgs, citedServeEnv, startProcess } from './lib/server-process.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '1' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

const server = await startProcess(
  citedServeArgs(),
  citedServeEnv(mkdtempSync(join(tmpdir(), 'cited-bench-'))),
  /ready:/,
);
const url = server.url;

const targets = {
  health: { url: `${url}/health`, method: 'GET' as const },
  ask: {
    url: `${url}/api/ask`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'How far is Hama from Aleppo?' }),
  },
};
const results: Record<string, { p50: number[]; p99: number[]; rps: number[]; errors: number }> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, t] of Object.entries(targets)) {
    const res = await autocannon({ ...t, connections, duration: seconds });
    const row = (results[name] ??= { p50: [], p99: [], rps: [], errors: 0 });
    row.p50.push(res.latency.p50);
    row.p99.push(res.latency.p99);
    row.rps.push(res.requests.average);
    row.errors += res.errors + res.non2xx;
  }
}
await server.stop();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`connections=${connections}, ${rounds} alternating rounds of ${seconds} s per route (medians):`);
for (const [name, r] of Object.entries(results)) {
  // autocannon's percentiles have 1 ms resolution; at one connection, 1 / throughput is the time per request below it.
  const perRequest = (1000 * connections) / median(r.rps);
  const latency = `p50 ${median(r.p50)} ms  p99 ${median(r.p99)} ms  per request ${perRequest.toFixed(3)} ms`;
  console.log(`${name.padEnd(7)} ${latency}  ${median(r.rps).toFixed(0)} req/s  errors ${r.errors}`);
}
console.log(`ask ÷ health (time per request): ${(median(results.health.rps) / median(results.ask.rps)).toFixed(1)}×`);
