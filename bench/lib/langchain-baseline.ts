import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { baselineDir } from './paths.js';

/**
 * The LangChain.js tutorial stack (RecursiveCharacterTextSplitter 1000/200 + HNSWLib) lives in its own package
 * folder, bench/langchain: @langchain/community's peer ranges cannot be resolved next to the product's deps.
 * The interfaces below are the few members the benchmarks use, so nothing from that folder leaks `any` here.
 */
export interface LcDocument {
  pageContent: string;
  metadata: Record<string, unknown>;
}

export interface LcEmbeddings {
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

export interface LcVectorStore {
  similaritySearch(query: string, k: number): Promise<LcDocument[]>;
  similaritySearchVectorWithScore(query: number[], k: number): Promise<[LcDocument, number][]>;
  save(directory: string): Promise<void>;
}

export interface Baseline {
  splitter: { splitDocuments(docs: LcDocument[]): Promise<LcDocument[]> };
  fromDocuments(docs: LcDocument[], embeddings: LcEmbeddings): Promise<LcVectorStore>;
  load(directory: string, embeddings: LcEmbeddings): Promise<LcVectorStore>;
  document(pageContent: string, metadata: Record<string, unknown>): LcDocument;
}

interface HnswLibStatic {
  fromDocuments(docs: LcDocument[], embeddings: LcEmbeddings): Promise<LcVectorStore>;
  load(directory: string, embeddings: LcEmbeddings): Promise<LcVectorStore>;
}
type Ctor<T, A extends unknown[]> = new (...args: A) => T;

const addon = join(baselineDir, 'node_modules', 'hnswlib-node', 'build', 'Release', 'addon.node');

/** Installs bench/langchain from its lockfile when it is missing (a clean clone), and checks the addon built. */
export function ensureBaselineInstalled(log: (m: string) => void = () => {}): void {
  if (existsSync(join(baselineDir, 'node_modules', '@langchain', 'community')) && existsSync(addon)) return;
  log('installing the LangChain baseline into bench/langchain (npm ci --legacy-peer-deps)…');
  execFileSync('npm', ['ci', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: baselineDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(addon)) {
    // npm may skip install scripts it has not been told to allow; build the addon explicitly then.
    execFileSync('npm', ['rebuild', 'hnswlib-node'], { cwd: baselineDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!existsSync(addon)) throw new Error(`hnswlib-node's addon did not build in ${baselineDir}`);
}

export function loadBaseline(): Baseline {
  ensureBaselineInstalled((m) => process.stderr.write(`  · ${m}\n`));
  const require = createRequire(join(baselineDir, 'package.json'));
  const { RecursiveCharacterTextSplitter } = require('@langchain/textsplitters') as {
    RecursiveCharacterTextSplitter: Ctor<Baseline['splitter'], [{ chunkSize: number; chunkOverlap: number }]>;
  };
  const { HNSWLib } = require('@langchain/community/vectorstores/hnswlib') as { HNSWLib: HnswLibStatic };
  const { Document } = require('@langchain/core/documents') as {
    Document: Ctor<LcDocument, [{ pageContent: string; metadata: Record<string, unknown> }]>;
  };
  return {
    // The values of the LangChain.js RAG tutorial.
    splitter: new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 }),
    fromDocuments: (docs, embeddings) => HNSWLib.fromDocuments(docs, embeddings),
    load: (directory, embeddings) => HNSWLib.load(directory, embeddings),
    document: (pageContent, metadata) => new Document({ pageContent, metadata }),
  };
}
