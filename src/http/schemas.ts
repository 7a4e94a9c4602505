import { z } from 'zod';
import { MAX_HISTORY_TURNS, MAX_K, MAX_QUESTION_CHARS } from '../limits.js';

/** Request and response shapes: the same schemas validate requests and generate /openapi.json. */

export const historyTurn = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) });

// Control characters (NUL and friends) have no place in a question; tabs and line breaks do.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const question = z
  .string()
  .min(1)
  .max(MAX_QUESTION_CHARS)
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => !CONTROL.test(s), 'must not contain control characters');

export const askRequest = z.object({
  question: question.describe(`the question, 1–${MAX_QUESTION_CHARS} characters`),
  history: z.array(historyTurn).max(MAX_HISTORY_TURNS).optional().describe('earlier turns, for follow-up questions'),
  k: z.number().int().min(1).max(MAX_K).optional().describe('sources to retrieve'),
  stream: z.boolean().optional().describe('answer as server-sent events'),
});

export const searchRequest = z.object({
  query: question.describe('what to search for'),
  k: z.number().int().min(1).max(MAX_K).optional(),
});

const textPart = z.object({ type: z.literal('text'), text: z.string() });
export const chatMessage = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, z.object({ type: z.string() })]))]).nullable(),
});

export const chatRequest = z.object({
  model: z.string().max(200).optional(),
  messages: z.array(chatMessage).min(1).max(100),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(1).optional(),
});

export const citation = z.object({
  n: z.number().int(),
  docId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  date: z.string().optional(),
  quote: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export const source = z.object({
  n: z.number().int(),
  docId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  date: z.string().optional(),
  text: z.string(),
  score: z.number(),
  start: z.number().int(),
  end: z.number().int(),
});

export const answer = z.object({
  answer: z.string(),
  shortAnswer: z.string().optional(),
  refused: z.boolean(),
  unsupported: z.array(z.string()).optional(),
  citations: z.array(citation),
  sources: z.array(source),
  mode: z.enum(['extractive', 'llm']),
  degraded: z.boolean().optional(),
  asOf: z.string().optional(),
  timings: z.object({ retrieveMs: z.number(), generateMs: z.number(), totalMs: z.number() }),
});

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const health = z.object({
  status: z.literal('ok'),
  documents: z.number().int(),
  chunks: z.number().int(),
  embeddings: z.string(),
  llm: z.string(),
});

export const documentSchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().optional(),
  url: z.string().optional(),
  text: z.string(),
});

export type AskRequest = z.infer<typeof askRequest>;
export type ChatRequest = z.infer<typeof chatRequest>;
