import { fileURLToPath } from 'node:url';
import type OpenAI from 'openai';
import type { Config } from '../config.js';
import { LocalEmbeddings, OpenAIEmbeddings, loadWordVectors } from '../embeddings/index.js';
import type { CitedEmbeddings, WordVectors } from '../embeddings/index.js';
import { HybridIndex } from '../index/index.js';
import type { SearchIndex } from '../index/index.js';
import { memoize } from '../nlp/index.js';
import type { IngestPhase, IngestReport } from '../ingest/index.js';
import { OpenAIChatModel, loadPrompts, openaiSdk } from '../llm/index.js';
import {
  AnswerService,
  QuestionReader,
  SummaryAnswerer,
  checkedLlmAnswerer,
  answerersOf,
  ExtractiveAnswerer,
  LlmAnswerer,
  LlmCondenser,
  Retriever,
  RuleCondenser,
  StarterQuestions,
  TermMatcher,
} from '../rag/index.js';
import type { AnswerStats, ExtractiveOptions, RankerDeps } from '../rag/index.js';
import type { Answer } from '../types.js';
import { cosine, UNIT } from '../vector-math.js';
import { IndexLifecycle } from './index-lifecycle.js';
import { FileIndexStore } from './index-store.js';
import type { IndexStore } from './index-store.js';
import { PostgresIndexStore } from './postgres-index-store.js';

export interface RuntimeOptions {
  log?: (message: string) => void;
  onAnswer?: (answer: Answer, stats: AnswerStats) => void;
  onProgress?: (phase: IngestPhase, done: number, total: number, pages?: number) => void;
  /** Each answer the extractive answerer chooses, before its learned gate (evals/fit-confidence.ts). */
  onSelect?: ExtractiveOptions['onSelect'];
  /** The extractive answerer's learned gates: the fitted ones, or off while evals/fit-confidence.ts collects. */
  gates?: ExtractiveOptions['gates'];
}

/**
 * Sentence vectors for the answerer's similarity: a question's and its retrieved sentences' recur. 8 MB holds
 * ≈ 9,000 of them (a 100-d vector and a typical sentence as key, ≈ 900 B), however unique the questions are.
 */
const EMBED_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Everything `cited` needs, built from configuration in one place (the composition root): it chooses each
 * implementation from the config, and every part gets what it depends on passed in.
 */
export class Runtime {
  readonly embedder: CitedEmbeddings;
  readonly answers: AnswerService;
  /** Questions to start with, drawn from the corpus and checked against the offline answerer. */
  readonly starters: StarterQuestions;
  /** The served index: loading, re-ingesting, swapping. */
  readonly lifecycle: IndexLifecycle;
  /** Where the index versions live: files in CITED_INDEX_DIR, or PostgreSQL when CITED_STORE is set. */
  readonly store: IndexStore;

  constructor(
    readonly config: Config,
    readonly words: WordVectors,
    opts: RuntimeOptions = {},
  ) {
    const local = new LocalEmbeddings(words);
    this.embedder =
      config.embeddings === 'local'
        ? local
        : new OpenAIEmbeddings({ client: openaiClient(config), model: config.openai.embeddingModel });
    const embed = memoize(
      (text: string) => local.embedText(text),
      EMBED_CACHE_BYTES,
      (v) => v.byteLength + 64,
    );
    const matcher = new TermMatcher(words);
    // What the extractive answerer ranks sentences with: word matching and sentence similarity.
    const rankerDeps: RankerDeps = { matcher, similarity: (a, b) => cosine(embed(a), embed(b), UNIT) };
    const extractive = new ExtractiveAnswerer(rankerDeps, { onSelect: opts.onSelect, gates: opts.gates });
    let llm: LlmAnswerer | undefined;
    let condenser: LlmCondenser | RuleCondenser = new RuleCondenser();
    if (config.mode === 'llm') {
      const prompts = loadPrompts(config.promptsDir ?? defaultPromptsDir());
      const model = new OpenAIChatModel({
        client: openaiClient(config),
        model: config.openai.chatModel,
        timeoutMs: config.openai.timeoutMs,
        retries: config.openai.retries,
      });
      llm = new LlmAnswerer(model, prompts);
      condenser = new LlmCondenser(model, prompts);
    }
    this.store = config.store
      ? new PostgresIndexStore({ url: config.store, log: opts.log })
      : new FileIndexStore({ indexDir: config.indexDir, load: (dir) => HybridIndex.load(dir) });
    this.lifecycle = new IndexLifecycle({
      store: this.store,
      corpusDir: config.corpusDir,
      maxFileBytes: config.maxFileBytes,
      embedder: this.embedder,
      log: opts.log,
      onProgress: opts.onProgress,
    });
    const summary = new SummaryAnswerer(rankerDeps);
    const reader = new QuestionReader(
      (w) => words.lookup(w),
      (row) => words.word(row),
    );
    const serviceDeps = {
      index: () => this.index(),
      retrieverFor: (index: SearchIndex) => new Retriever(index, this.embedder),
      condenser,
      reader,
    };
    this.answers = new AnswerService({
      ...serviceDeps,
      answerers: answerersOf(extractive, summary, llm && checkedLlmAnswerer(llm, matcher, config.unsupported)),
      onAnswer: opts.onAnswer,
    });
    // Starters are checked by the offline answerer even when an LLM answers: it is free, and its answer is the floor
    // an LLM's is held to. Not counted in the answer metrics: nobody asked them.
    const offline = new AnswerService({ ...serviceDeps, answerers: answerersOf(extractive, summary, undefined) });
    this.starters = new StarterQuestions(
      () => this.index(),
      (question) => offline.ask({ question }),
    );
  }

  static create(config: Config, opts: RuntimeOptions = {}): Runtime {
    return new Runtime(config, loadWordVectors(config.cacheDir, opts.log), opts);
  }

  index(): SearchIndex {
    return this.lifecycle.current();
  }

  /** Replaces the index in one assignment: each answer holds the index it started with until it is done. */
  swap(index: SearchIndex): void {
    this.lifecycle.swap(index);
  }

  ingest(roots?: readonly string[], force = false): Promise<IngestReport> {
    return this.lifecycle.ingest(roots, force);
  }

  /** Loads the index, building or refreshing it first when it is missing or the corpus changed. */
  ensureIndex(): Promise<SearchIndex> {
    return this.lifecycle.ensure();
  }

  /** Lets go of the store's connections: a process that goes on (a test, a closed server) holds none. */
  close(): Promise<void> {
    return this.store.close();
  }
}

function openaiClient(config: Config): OpenAI {
  // Local servers (Ollama, llama.cpp, vLLM) need no key, but the SDK insists on one.
  const OpenAI = openaiSdk();
  return new OpenAI({
    apiKey: config.openai.apiKey ?? 'not-needed',
    baseURL: config.openai.baseURL,
    maxRetries: config.openai.retries,
    timeout: config.openai.timeoutMs,
  });
}

/** prompts/ beside the package, wherever it is installed. */
function defaultPromptsDir(): string {
  return fileURLToPath(new URL('../../prompts', import.meta.url));
}
