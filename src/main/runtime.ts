import { fileURLToPath } from 'node:url';
import type OpenAI from 'openai';
import type { Config } from '../config.js';
import { CitedError } from '../errors.js';
import { LocalEmbeddings, OpenAIEmbeddings, loadWordVectors } from '../embeddings/index.js';
import type { CitedEmbeddings, WordVectors } from '../embeddings/index.js';
import { HybridIndex } from '../index/index.js';
import { memoize } from '../nlp/index.js';
import { checkFreshness, ingest } from '../ingest/index.js';
import type { IngestPhase, IngestReport } from '../ingest/index.js';
import { ChatModel, loadPrompts, openaiSdk } from '../llm/index.js';
import {
  AnswerService,
  ExtractiveAnswerer,
  LlmAnswerer,
  LlmCondenser,
  Retriever,
  RuleCondenser,
  TermMatcher,
} from '../rag/index.js';
import type { AnswerStats, RankerDeps } from '../rag/index.js';
import type { Answer } from '../types.js';

export interface RuntimeOptions {
  log?: (message: string) => void;
  onAnswer?: (answer: Answer, stats: AnswerStats) => void;
  onProgress?: (phase: IngestPhase, done: number, total: number) => void;
}

/**
 * Sentence vectors for the answerer's similarity: a question's and its retrieved sentences' recur. 8 MB holds
 * ≈ 9,000 of them (a 100-d vector and a typical sentence as key, ≈ 900 B), however unique the questions are.
 */
const EMBED_CACHE_BYTES = 8 * 1024 * 1024;

/** Everything `cited` needs, built from configuration in one place. */
export class Runtime {
  readonly embedder: CitedEmbeddings;
  readonly answers: AnswerService;
  /** What the extractive answerer ranks sentences with (word matching, sentence similarity). */
  readonly rankerDeps: RankerDeps;
  private current?: HybridIndex;

  constructor(
    readonly config: Config,
    readonly words: WordVectors,
    private readonly opts: RuntimeOptions = {},
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
    const cosine = (a: string, b: string) => {
      const va = embed(a);
      const vb = embed(b);
      let dot = 0;
      for (let i = 0; i < va.length; i++) dot += va[i] * vb[i];
      return dot;
    };
    const matcher = new TermMatcher(words);
    this.rankerDeps = { matcher, similarity: cosine };
    const extractive = new ExtractiveAnswerer(this.rankerDeps);
    let llm: LlmAnswerer | undefined;
    let condenser: LlmCondenser | RuleCondenser = new RuleCondenser();
    if (config.llm === 'openai') {
      const prompts = loadPrompts(config.promptsDir ?? defaultPromptsDir());
      const model = new ChatModel({
        client: openaiClient(config),
        model: config.openai.chatModel,
        timeoutMs: config.openai.timeoutMs,
        retries: config.openai.retries,
      });
      llm = new LlmAnswerer(model, prompts);
      condenser = new LlmCondenser(model, prompts);
    }
    this.answers = new AnswerService({
      index: () => this.index(),
      retriever: new Retriever(() => this.index(), this.embedder),
      extractive,
      condenser,
      matcher,
      llm,
      unsupported: config.unsupported,
      onAnswer: opts.onAnswer,
    });
  }

  static create(config: Config, opts: RuntimeOptions = {}): Runtime {
    return new Runtime(config, loadWordVectors(config.cacheDir, opts.log), opts);
  }

  index(): HybridIndex {
    if (!this.current) throw new CitedError('INDEX_MISSING', 'the index is not loaded yet');
    return this.current;
  }

  /** Replaces the index in one assignment: each answer holds the index it started with until it is done. */
  swap(index: HybridIndex): void {
    this.current = index;
  }

  async ingest(roots?: string[], force = false): Promise<IngestReport> {
    const report = await ingest({
      roots: roots?.length ? roots : [this.config.corpusDir],
      indexDir: this.config.indexDir,
      embedder: this.embedder,
      force,
      onProgress: this.opts.onProgress,
    });
    this.current = report.index; // an atomic swap: requests already running keep the index they started with
    return report;
  }

  /** Loads the index, building or refreshing it first when it is missing or the corpus changed. */
  async ensureIndex(): Promise<HybridIndex> {
    const fresh = checkFreshness(this.config.indexDir);
    if (fresh.state === 'stale' || fresh.state === 'fresh') {
      const built = fresh.manifest.embedder;
      const want = this.embedder.info();
      if (built.name !== want.name || built.model !== want.model || (want.dims && built.dims !== want.dims)) {
        throw new CitedError(
          'INDEX_EMBEDDER_MISMATCH',
          `the index in ${this.config.indexDir} was built with ${built.name}:${built.model} (${built.dims} dims) but ${want.name}:${want.model} is configured; run \`cited ingest\` to rebuild it`,
        );
      }
    }
    if (fresh.state === 'fresh') {
      this.current = HybridIndex.load(this.config.indexDir);
      return this.current;
    }
    if (fresh.state === 'missing') {
      this.opts.log?.('no index yet: ingesting the corpus…');
      return this.logSkipped(await this.ingest()).index;
    }
    this.opts.log?.(`index is stale (${fresh.reason}): re-ingesting…`);
    const roots = fresh.state === 'stale' ? fresh.manifest.roots : fresh.roots;
    return this.logSkipped(await this.ingest(roots, fresh.state === 'outdated')).index;
  }

  /** An ingest run on the way to serving has no report printed: what it left out is logged instead. */
  private logSkipped(report: IngestReport): IngestReport {
    for (const s of report.skipped) this.opts.log?.(`skipped ${JSON.stringify(s.path)}: ${s.reason}`);
    return report;
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
