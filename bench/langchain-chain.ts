/**
 * Part 1b: cited's offline ask against the LangChain.js tutorial's whole retrieval + answer chain — HNSWLib retriever
 * (k 4) → format documents → ChatPromptTemplate → ChatOpenAI → StringOutputParser — with the LLM served by an
 * instant OpenAI-compatible server in another process (bench/lib/instant-llm.ts). The chain's figure is therefore
 * a floor: a real model adds its own generation time on top. Same embedder, same corpus, questions alternating.
 *   node --import tsx bench/langchain-chain.ts [--quick]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { ingest } from '../src/ingest/index.js';
import { HybridIndex } from '../src/index/index.js';
import { Runtime } from '../src/main/index.js';
import { articleCorpus, readCorpus, squadCorpus } from './lib/corpora.js';
import type { BenchCorpus } from './lib/corpora.js';
import { note } from './lib/child.js';
import { loadBaseline } from './lib/langchain-baseline.js';
import type { LcDocument } from './lib/langchain-baseline.js';
import { baselineDir, benchDir } from './lib/paths.js';
import { median, percentile, round, timed } from './lib/stats.js';

interface Invocable {
  invoke(input: unknown): Promise<unknown>;
}
interface Pipeable extends Invocable {
  pipe(next: unknown): Pipeable;
}

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const passes = values.quick ? 1 : 3;
const squadQuestions = values.quick ? 150 : 1000;

const llm = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'lib', 'instant-llm.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseURL = await new Promise<string>((resolve) =>
  llm.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
);

const baseline = loadBaseline();
const require = createRequire(join(baselineDir, 'package.json'));
const { ChatOpenAI } = require('@langchain/openai') as { ChatOpenAI: new (o: Record<string, unknown>) => Invocable };
const { ChatPromptTemplate } = require('@langchain/core/prompts') as {
  ChatPromptTemplate: { fromMessages(m: [string, string][]): Pipeable };
};
const { RunnableSequence, RunnablePassthrough } = require('@langchain/core/runnables') as {
  RunnableSequence: { from(steps: unknown[]): Pipeable };
  RunnablePassthrough: new () => Invocable;
};
const { StringOutputParser } = require('@langchain/core/output_parsers') as { StringOutputParser: new () => Invocable };

const tmp = mkdtempSync(join(tmpdir(), 'cited-bench-chain-'));
const rt = Runtime.create(
  loadConfig({ CITED_LLM: 'extractive', CITED_INDEX_DIR: join(tmp, 'unused'), CITED_CORPUS_DIR: join(tmp, 'unused') }),
);

async function compare(c: BenchCorpus) {
  const dir = join(tmp, c.name);
  await ingest({ roots: [c.dir], indexDir: dir, embedder: rt.embedder, force: true });
  rt.swap(HybridIndex.load(dir));
  const docs = readCorpus(c.dir).map((d) => baseline.document(d.text, { source: d.id }));
  const store = await baseline.fromDocuments(await baseline.splitter.splitDocuments(docs), rt.embedder);
  const retriever = (store as unknown as { asRetriever(k: number): Pipeable }).asRetriever(4);
  const format = (ds: LcDocument[]) => ds.map((d) => d.pageContent).join('\n\n');
  // The LangChain.js RAG tutorial's chain, verbatim in shape.
  const prompt = ChatPromptTemplate.fromMessages([
    [
      'system',
      'You are an assistant for question-answering tasks. ' +
        'Use the following pieces of retrieved context to answer the question. ' +
        "If you don't know the answer, say that you don't know.\n\n{context}",
    ],
    ['human', '{question}'],
  ]);
  const chain = RunnableSequence.from([
    { context: retriever.pipe(format), question: new RunnablePassthrough() },
    prompt,
    new ChatOpenAI({ model: 'instant', apiKey: 'bench', configuration: { baseURL }, maxRetries: 0 }),
    new StringOutputParser(),
  ]);
  const cited: number[] = [];
  const lc: number[] = [];
  for (const q of c.questions.slice(0, 20)) {
    await chain.invoke(q.question);
    await rt.answers.ask({ question: q.question });
  }
  for (let pass = 0; pass < passes; pass++) {
    for (const [i, q] of c.questions.entries()) {
      const steps = [
        async () => cited.push((await timed(() => rt.answers.ask({ question: q.question }))).ms),
        async () => lc.push((await timed(() => chain.invoke(q.question))).ms),
      ];
      if ((i + pass) % 2 === 1) steps.reverse();
      for (const s of steps) await s();
    }
    note(`${c.name} chain pass ${pass + 1}/${passes}`);
  }
  const dist = (xs: number[]) => ({ p50: round(median(xs), 3), p95: round(percentile(xs, 95), 3) });
  return {
    questions: c.questions.length,
    citedAsk: dist(cited),
    langchainChain: dist(lc),
    ratio: round(median(cited) / median(lc), 3),
  };
}

const out: Record<string, unknown> = { quick: values.quick };
try {
  for (const corpus of [articleCorpus(), squadCorpus(squadQuestions)]) {
    out[corpus.name] = await compare(corpus);
    rmSync(corpus.dir, { recursive: true, force: true });
  }
} finally {
  llm.kill();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
