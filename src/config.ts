import { z } from 'zod';
import { CitedError } from './errors.js';
import { MAX_DOCUMENT_BYTES, MB } from './limits.js';
import { answerMode } from './schemas.js';
import type { AnswerMode } from './types.js';
import { parseTrustProxy } from './trust-proxy.js';
import type { TrustProxy } from './trust-proxy.js';

const list = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );
/**
 * API keys. A value that is set but names no key (" ", ",") would silently leave the API open, and a key with white
 * space in it can never be sent in a Bearer header: both are mistakes, refused at startup rather than served.
 */
const apiKeys = z
  .string()
  .optional()
  .superRefine((s, ctx) => {
    const keys =
      s
        ?.split(',')
        .map((x) => x.trim())
        .filter(Boolean) ?? [];
    if (s !== undefined && s !== '' && keys.length === 0) ctx.addIssue({ code: 'custom', message: 'it names no key' });
    if (keys.some((k) => /\s/.test(k)))
      ctx.addIssue({ code: 'custom', message: 'an API key cannot contain white space' });
  })
  .pipe(list);

const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(blankAsUndefined, z.string().optional());

/**
 * Variables whose values are secrets or may hold one (a key pasted into a URL): an error names them but never
 * prints their value, since startup errors land in logs.
 */
const SECRET_VARIABLES = new Set([
  'OPENAI_API_KEY',
  'CITED_API_KEYS',
  'CITED_ADMIN_KEYS',
  'OPENAI_BASE_URL',
  'CITED_REDIS_URL',
  // A connection URL carries the database password.
  'CITED_STORE',
]);

/** CITED_LLM's first spelling of "llm", still accepted so that existing settings keep working. */
const LEGACY_LLM = 'openai';

/** The default file size limit: MAX_DOCUMENT_BYTES (src/ingest/safe-read.ts says why), in MB. */
const DEFAULT_FILE_MB = MAX_DOCUMENT_BYTES / MB;
/** No file above 1 GB is read whatever the setting: a Buffer and its text must fit in memory at once. */
const MAX_FILE_MB_CEILING = 1024;

/** Every environment variable `cited` reads, in one place (.env.example mirrors it; docs/contracts.md shows it). */
export const envSchema = z.object({
  PORT: z
    .preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(65535).default(8787))
    .describe('where `cited serve` listens'),
  HOST: z.preprocess(blankAsUndefined, z.string().default('127.0.0.1')).describe('where `cited serve` listens'),
  CITED_CORPUS_DIR: z
    .preprocess(blankAsUndefined, z.string().default('corpus'))
    .describe('documents to ingest (.txt, .md with YAML front matter, .html, .pdf, .docx)'),
  CITED_MAX_FILE_MB: z
    .preprocess(blankAsUndefined, z.coerce.number().positive().max(MAX_FILE_MB_CEILING).default(DEFAULT_FILE_MB))
    .describe('files larger than this many MB are skipped (and uploads refused with 413)'),
  CITED_INDEX_DIR: z.preprocess(blankAsUndefined, z.string().default('.cited/index')).describe('where the index lives'),
  CITED_STORE: z
    .preprocess(
      blankAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres://user:password@host:port/database URL')
        .optional(),
    )
    .describe(
      'where the index lives instead of CITED_INDEX_DIR: a postgres:// URL (PostgreSQL with pgvector; a secret: ' +
        'never printed)',
    ),
  CITED_CACHE_DIR: optionalString.describe(
    'where the converted word vectors are kept (default: node_modules/.cache/cited)',
  ),
  CITED_EMBEDDINGS: z
    .preprocess(blankAsUndefined, z.enum(['local', 'openai']).default('local'))
    .describe("local (word vectors, offline) or openai (the server's embeddings)"),
  CITED_LLM: z
    .preprocess(blankAsUndefined, z.enum(['auto', ...answerMode.options, LEGACY_LLM]).default('auto'))
    .describe(
      'who answers: auto (the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set), llm or extractive ' +
        `("${LEGACY_LLM}" is the earlier spelling of llm)`,
    ),
  OPENAI_API_KEY: optionalString.describe('key for an OpenAI-compatible server (a secret: never printed)'),
  OPENAI_BASE_URL: z
    .preprocess(blankAsUndefined, z.url().optional())
    .describe('any OpenAI-compatible server: OpenAI, Ollama, llama.cpp, vLLM'),
  CITED_CHAT_MODEL: z.preprocess(blankAsUndefined, z.string().default('gpt-4o-mini')).describe("the chat model's name"),
  CITED_EMBEDDING_MODEL: z
    .preprocess(blankAsUndefined, z.string().default('text-embedding-3-small'))
    .describe("the embedding model's name"),
  CITED_LLM_TIMEOUT_MS: z
    .preprocess(blankAsUndefined, z.coerce.number().int().min(100).max(600_000).default(30_000))
    .describe("the LLM answer's whole budget, retries included; past it the extractive answer is given"),
  CITED_LLM_RETRIES: z
    .preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(5).default(1))
    .describe('retries of a failed upstream request'),
  CITED_UNSUPPORTED: z
    .preprocess(blankAsUndefined, z.enum(['drop', 'mark']).default('drop'))
    .describe('what to do with an LLM claim no source supports: drop or mark'),
  CITED_PROMPTS_DIR: optionalString.describe("where the prompt templates are (default: the package's prompts/)"),
  CITED_API_KEYS: apiKeys.describe('comma-separated keys; when set, /api/* and /v1/* need one as a Bearer token'),
  CITED_ADMIN_KEYS: apiKeys.describe(
    'comma-separated keys for the document API (list, upload, delete); unset, that API is off',
  ),
  CITED_CORS_ORIGINS: list.describe('comma-separated origins whose browsers may call the API'),
  CITED_RATE_LIMIT: z
    .preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(60))
    .describe('requests a minute per key, or per client address without keys (0 turns it off)'),
  CITED_REDIS_URL: z
    .preprocess(
      blankAsUndefined,
      z.url({ protocol: /^rediss?$/, message: 'expected redis://… or rediss://…' }).optional(),
    )
    .describe(
      'redis:// or rediss:// URL: the rate limits are then kept in Redis, shared by every process and machine using it ' +
        '(a secret: never printed)',
    ),
  CITED_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): TrustProxy => {
      const trust = parseTrustProxy(v);
      if (typeof trust !== 'string') return trust;
      ctx.addIssue({ code: 'custom', message: trust });
      return z.NEVER;
    })
    .describe(
      'which X-Forwarded-For entry is the client: false (default), a hop count N (true = 1), ' +
        'or a list of proxy addresses/CIDRs',
    ),
});

export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  /** Files above this size are skipped by ingest and refused by upload. */
  maxFileBytes: number;
  indexDir: string;
  /** A PostgreSQL URL: the index is kept there instead of in `indexDir`. */
  store?: string;
  cacheDir?: string;
  embeddings: 'local' | 'openai';
  /** Who answers; the same vocabulary as `--mode` and Answer.mode. */
  mode: AnswerMode;
  openai: {
    apiKey?: string;
    baseURL?: string;
    chatModel: string;
    embeddingModel: string;
    timeoutMs: number;
    retries: number;
  };
  unsupported: 'drop' | 'mark';
  promptsDir?: string;
  apiKeys: string[];
  adminKeys: string[];
  corsOrigins: string[];
  rateLimit: number;
  /** Where the rate limits are shared across processes and machines; unset, each server counts its own. */
  redisUrl?: string;
  /** Which X-Forwarded-For entries name the client: none, N proxy hops, or a list of proxy addresses/CIDRs. */
  trustProxy: TrustProxy;
}

/** Reads configuration once; a bad value fails with one message that names the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const got = SECRET_VARIABLES.has(name) ? 'a value not shown' : JSON.stringify(env[name]);
    throw new CitedError('CONFIG_INVALID', `${name} is invalid (got ${got}): ${issue?.message}`);
  }
  const e = parsed.data;
  const hasUpstream = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  if (e.CITED_EMBEDDINGS === 'openai' && !hasUpstream) {
    throw new CitedError('CONFIG_INVALID', 'CITED_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  const chosen = e.CITED_LLM === LEGACY_LLM ? 'llm' : e.CITED_LLM;
  if (chosen === 'llm' && !hasUpstream) {
    throw new CitedError('CONFIG_INVALID', `CITED_LLM=${e.CITED_LLM} needs OPENAI_API_KEY or OPENAI_BASE_URL`);
  }
  const mode: AnswerMode = chosen === 'auto' ? (hasUpstream ? 'llm' : 'extractive') : chosen;
  return {
    port: e.PORT,
    host: e.HOST,
    corpusDir: e.CITED_CORPUS_DIR,
    maxFileBytes: Math.round(e.CITED_MAX_FILE_MB * MB),
    indexDir: e.CITED_INDEX_DIR,
    store: e.CITED_STORE,
    cacheDir: e.CITED_CACHE_DIR,
    embeddings: e.CITED_EMBEDDINGS,
    mode,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      chatModel: e.CITED_CHAT_MODEL,
      embeddingModel: e.CITED_EMBEDDING_MODEL,
      timeoutMs: e.CITED_LLM_TIMEOUT_MS,
      retries: e.CITED_LLM_RETRIES,
    },
    unsupported: e.CITED_UNSUPPORTED,
    promptsDir: e.CITED_PROMPTS_DIR,
    apiKeys: e.CITED_API_KEYS,
    adminKeys: e.CITED_ADMIN_KEYS,
    corsOrigins: e.CITED_CORS_ORIGINS,
    rateLimit: e.CITED_RATE_LIMIT,
    redisUrl: e.CITED_REDIS_URL,
    trustProxy: e.CITED_TRUST_PROXY,
  };
}
