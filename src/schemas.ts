import { z } from 'zod';
import { MAX_HISTORY_TURNS, MAX_K, MAX_QUESTION_CHARS } from './limits.js';

/**
 * The public shapes, as zod schemas: the one source that validates requests, generates /openapi.json and
 * docs/contracts.md, and from which src/types.ts derives the TypeScript types (z.infer). A leaf, so every layer may
 * import it; the widget imports only the types (`import type`), so zod never enters its bundle.
 */

/** An earlier turn's text: room for a long answer, while a request stays small. */
const MAX_TURN_CHARS = 8000;

export const historyTurn = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(MAX_TURN_CHARS),
});

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

export const timings = z.object({ retrieveMs: z.number(), generateMs: z.number(), totalMs: z.number() });

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
  timings,
});

const errorBody = z.object({ code: z.string(), message: z.string() });
export const errorSchema = z.object({ error: errorBody });

/** The server-sent events of a streamed answer, in the order they come. */
export const answerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sources'), sources: z.array(source) }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('citations'), citations: z.array(citation) }),
  z.object({ type: z.literal('done'), answer }),
  z.object({ type: z.literal('error'), error: errorBody }),
]);
