/**
 * Load and soak: mixed traffic (ask JSON, ask SSE, search, health) against a real `cited serve`, then checks
 * that nothing failed and that resident memory stayed flat over the second half of the run.
 *   npm run soak                        # 60 s at 50 connections
 *   npm run soak -- --seconds 10        # the CI version
 * Exits non-zero on any error or on a memory slope over --max-slope MB/min in the second half.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { citedServeArgs, citedServeEnv, processRss, startProcess } from './lib/server-process.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    'max-slope': { type: 'string', default: '20' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const maxSlope = Number(values['max-slope']);

const server = await startProcess(
  citedServeArgs(),
  citedServeEnv(mkdtempSync(join(tmpdir(), 'cited-soak-'))),
  /ready:/,
);
const url = server.url;

const rss = () => processRss(server.child.pid!).rssMb;
const samples: { t: number; mb: number }[] = [];
const t0 = Date.now();
const sampler = setInterval(() => samples.push({ t: (Date.now() - t0) / 1000, mb: rss() }), 1000);

const json = { 'content-type': 'application/json' };
const questions = [
  'How far is Hama from Aleppo?',
  'Who leads HTS?',
  'What is the population of Damascus?',
  'When did the civil war erupt?',
];
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  timeout: 10,
  requests: [
    ...questions.map((q) => ({
      method: 'POST' as const,
      path: '/api/ask',
      headers: json,
      body: JSON.stringify({ question: q }),
    })),
    {
      method: 'POST',
      path: '/api/ask',
      headers: { ...json, accept: 'text/event-stream' },
      body: JSON.stringify({ question: 'How many people live in Hama?' }),
    },
    { method: 'POST', path: '/api/search', headers: json, body: JSON.stringify({ query: 'Aleppo offensive', k: 5 }) },
    { method: 'GET', path: '/health' },
  ],
});
clearInterval(sampler);
await server.stop();

/** Least-squares slope of memory against time, in MB per minute. */
function slope(points: { t: number; mb: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mm = points.reduce((s, p) => s + p.mb, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.mb - mm), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den ? (60 * num) / den : 0;
}
const secondHalf = samples.slice(Math.floor(samples.length / 2));
const errors = result.errors + result.timeouts + result.non2xx;
const memSlope = slope(secondHalf);
console.log(`soak: ${seconds} s at ${connections} connections over ask (JSON and SSE), search and health`);
const errorKinds = `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`;
console.log(
  `requests ${result.requests.total}, ${result.requests.average.toFixed(0)} req/s, errors ${errors} (${errorKinds})`,
);
console.log(`latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
const maxMb = Math.max(...samples.map((s) => s.mb));
const rssText = `start ${samples[0]?.mb.toFixed(0)} MB, end ${samples.at(-1)?.mb.toFixed(0)} MB`;
console.log(`server RSS: ${rssText}, max ${maxMb.toFixed(0)} MB; second-half slope ${memSlope.toFixed(2)} MB/min`);
const ok = errors === 0 && memSlope <= maxSlope;
const failures = [
  errors ? `${errors} errors` : '',
  memSlope > maxSlope ? `memory grew ${memSlope.toFixed(1)} MB/min` : '',
].filter(Boolean);
console.log(ok ? 'soak: passed' : `soak: FAILED (${failures.join(', ')})`);
process.exit(ok ? 0 : 1);
