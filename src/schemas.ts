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

/** What a document was read as: plain text, Markdown, HTML, PDF or Word (.docx). */
export const documentType = z.enum(['text', 'markdown', 'html', 'pdf', 'docx']);

export const citation = z.object({
  n: z.number().int().describe('the number its [n] markers in the answer carry'),
  docId: z.string().describe('the document quoted (GET /api/documents/{id})'),
  chunkId: z.string().describe('the chunk it was retrieved in'),
  title: z.string(),
  date: z.string().optional().describe("the document's date, YYYY-MM-DD"),
  quote: z.string().describe('the document’s text from start to end, verbatim: checked before it is sent'),
  start: z.number().int().describe("offset of the quote in the document's text (UTF-16 code units)"),
  end: z.number().int().describe('offset just past the quote'),
  page: z.number().int().min(1).optional().describe('for a PDF: the 1-based page the quote starts on'),
});

export const source = z.object({
  n: z.number().int().describe('1, 2, …: the number citations and [n] markers use'),
  docId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  date: z.string().optional().describe("the document's date, YYYY-MM-DD"),
  text: z.string().describe('the retrieved chunk'),
  score: z.number().describe('retrieval score (higher ranks first)'),
  start: z.number().int().describe("offset of the chunk in the document's text"),
  end: z.number().int(),
  page: z.number().int().min(1).optional().describe('for a PDF: the 1-based page the chunk starts on'),
});

/** A document as GET /api/documents lists it (and POST /api/documents answers with it). */
export const documentEntry = z.object({
  id: z.string().describe('its id in citations (GET /api/documents/{id} gives its text)'),
  title: z.string(),
  date: z.string().optional().describe("the document's date, YYYY-MM-DD"),
  type: documentType,
  pages: z.number().int().optional().describe('for a PDF: its number of pages'),
  chunks: z.number().int().describe('the passages it was cut into for retrieval'),
  sha256: z.string().describe("the file's bytes' SHA-256, hex"),
  warnings: z
    .array(z.string())
    .optional()
    .describe('what the loader read past: an encoding guessed, pages without text'),
});

const timings = z.object({ retrieveMs: z.number(), generateMs: z.number(), totalMs: z.number() });

/**
 * Who answers: the extractive answerer (the sources' own sentences, offline) or an LLM through an OpenAI-compatible
 * server. One vocabulary for the setting (CITED_LLM), the CLI (--mode) and the Answer (mode).
 */
export const answerMode = z.enum(['extractive', 'llm']);

export const answer = z.object({
  answer: z.string().describe('prose; each claim ends with [n] markers that match citations[].n'),
  shortAnswer: z.string().optional().describe('the short answer (a name, number, date, phrase) when there is one'),
  refused: z.boolean().describe('true when the sources do not contain the answer'),
  unsupported: z
    .array(z.string())
    .optional()
    .describe('LLM claims no source supports (dropped, or marked with CITED_UNSUPPORTED=mark)'),
  citations: z.array(citation),
  related: z
    .array(citation)
    .optional()
    .describe(
      'with a refusal: up to two passages about the question that do not answer it (the "closest passages"), quoted ' +
        'and checked like citations; absent when nothing retrieved was about the question',
    ),
  sources: z.array(source),
  mode: answerMode,
  degraded: z.boolean().optional().describe('the LLM failed and the extractive answer is given'),
  asOf: z.string().optional().describe('the date of the newest cited source'),
  timings,
});

const errorBody = z.object({
  code: z.string().describe('one of ErrorCode in src/errors.ts'),
  message: z.string(),
});
export const errorSchema = z.object({ error: errorBody });

/** The server-sent events of a streamed answer, in the order they come. */
export const answerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sources'), sources: z.array(source) }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('citations'), citations: z.array(citation) }),
  z.object({ type: z.literal('done'), answer }),
  z.object({ type: z.literal('error'), error: errorBody }),
]);
