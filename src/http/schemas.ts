import { z } from 'zod';
import { MAX_STARTERS } from '../rag/index.js';
import { answerMode } from '../schemas.js';

/**
 * The HTTP layer's own request and response shapes; the public ones (the answer, the ask and search bodies) live in
 * src/schemas.ts and are re-exported here for the routes. The same schemas validate requests and generate
 * /openapi.json.
 */
export { answer, askRequest, CONTROL, documentEntry, errorSchema, searchRequest, source } from '../schemas.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const chatMessage = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, z.object({ type: z.string() })]))]).nullable(),
});

export const chatRequest = z.object({
  model: z.string().max(200).optional(),
  messages: z.array(chatMessage).min(1).max(100),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(1).optional(),
});

export const health = z.object({
  status: z.literal('ok'),
  documents: z.number().int(),
  chunks: z.number().int(),
  embeddings: z.string(),
  mode: answerMode,
});

export const documentSchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().optional(),
  url: z.string().optional(),
  text: z.string(),
});

/** GET /api/suggestions: starter questions for an empty chat, each one the offline answerer answers. */
export const suggestions = z.object({
  questions: z
    .array(z.string())
    .max(MAX_STARTERS)
    .describe('questions drawn from the documents (headings, titles, lead sentences), each answered offline'),
});

export type ChatRequest = z.infer<typeof chatRequest>;
