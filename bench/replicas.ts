/**
 * Asks per second through nginx in front of one and of two `cited serve` replicas (one index folder, offline),
 * against the same load sent straight to one replica: the baseline, run side by side, the sides alternating round by
 * round. The ratio says what the proxy costs and what a second replica adds on this machine.
 *   node --import tsx bench/replicas.ts [--quick]
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startNginx } from '../tests/helpers/nginx.js';
import { note } from './lib/child.js';
import { repoRoot, resultsDir } from './lib/paths.js';
import { citedServeArgs, citedServeEnv, startProcess } from './lib/server-process.js';
import { median, round } from './lib/stats.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
/** Rounds per side and seconds per round: the full run is what BENCHMARKS.md reports. */
const plan = values.quick ? { rounds: 1, seconds: 2 } : { rounds: 3, seconds: 5 };
/** Open connections: enough to keep two replicas busy, as a page of readers would. */
const CONNECTIONS = 16;

const questions = readFileSync(join(repoRoot, 'evals', 'seed.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { question: string }).question);
const requests = questions.map((q) => ({
  method: 'POST' as const,
  path: '/api/ask',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question: q }),
}));

const env = citedServeEnv(mkdtempSync(join(tmpdir(), 'cited-bench-replicas-')));
note('first start: building the index');
const first = await startProcess(citedServeArgs(), env, /ready:/);
const second = await startProcess(citedServeArgs(), env, /ready:/);
const hosts = [first, second].map((s) => new URL(s.url).host);
const oneProxied = await startNginx(hosts.slice(0, 1));
const twoProxied = await startNginx(hosts);

const sides = { direct: first.url, nginx1: oneProxied.url, nginx2: twoProxied.url };
const rates: Record<keyof typeof sides, number[]> = { direct: [], nginx1: [], nginx2: [] };
for (let r = 0; r < plan.rounds; r++) {
  const order = Object.keys(sides) as (keyof typeof sides)[];
  if (r % 2) order.reverse();
  for (const side of order) {
    const res = await autocannon({ url: sides[side], connections: CONNECTIONS, duration: plan.seconds, requests });
    if (res.non2xx || res.errors) throw new Error(`${side}: ${res.non2xx} non-2xx, ${res.errors} errors`);
    rates[side].push(res.requests.average);
    note(`round ${r + 1} ${side}: ${round(res.requests.average)} asks/s`);
  }
}
await Promise.all([oneProxied.stop(), twoProxied.stop(), first.stop(), second.stop()]);

const asks = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, round(median(v))]));
const result = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model },
  plan: { ...plan, connections: CONNECTIONS },
  asksPerSecond: asks,
  ratio: { nginx1: round(asks.nginx1 / asks.direct, 2), nginx2: round(asks.nginx2 / asks.direct, 2) },
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, values.quick ? 'replicas-quick.json' : 'replicas.json'),
  JSON.stringify(result, null, 2),
);
console.log(JSON.stringify(result, null, 2));
