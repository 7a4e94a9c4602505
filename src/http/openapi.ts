import { z } from 'zod';
import {
  answer,
  askRequest,
  chatRequest,
  documentEntry,
  documentSchema,
  errorSchema,
  health,
  searchRequest,
  source,
  suggestions,
} from './schemas.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input' });
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: 'Error', content: json('Error') }]));

/** OpenAPI 3 description, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  const secured = [{ bearer: [] }];
  const admin = [{ admin: [] }];
  return {
    openapi: '3.0.3',
    info: {
      title: 'cited',
      version,
      description: 'Grounded Q&A: every claim cited with a verbatim, offset-checked quote.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Required when CITED_API_KEYS is set' },
        admin: { type: 'http', scheme: 'bearer', description: 'One of CITED_ADMIN_KEYS (the document API)' },
      },
      schemas: {
        AskRequest: schema(askRequest),
        SearchRequest: schema(searchRequest),
        ChatCompletionRequest: schema(chatRequest),
        Answer: schema(answer),
        Source: schema(source),
        Document: schema(documentSchema),
        DocumentEntry: schema(documentEntry),
        Health: schema(health),
        Suggestions: schema(suggestions),
        Error: schema(errorSchema),
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'Readiness and index size',
          responses: { 200: { description: 'Ready', content: json('Health') }, ...errors(503) },
        },
      },
      '/api/ask': {
        post: {
          summary:
            'Answer a question with citations ' +
            '(JSON, or server-sent events with stream:true or Accept: text/event-stream)',
          security: secured,
          requestBody: { required: true, content: json('AskRequest') },
          responses: {
            200: {
              description: 'The Answer; as SSE: events sources, delta, citations, done, error',
              content: { ...json('Answer'), 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      '/api/search': {
        post: {
          summary: 'Ranked chunks for a query',
          security: secured,
          requestBody: { required: true, content: json('SearchRequest') },
          responses: {
            200: {
              description: 'Results',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Source' } } },
                  },
                },
              },
            },
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      '/api/suggestions': {
        get: {
          summary: 'Starter questions drawn from the documents, each one the offline answerer answers',
          security: secured,
          responses: {
            200: { description: 'Up to four questions', content: json('Suggestions') },
            ...errors(401, 403, 429, 503),
          },
        },
      },
      '/api/documents/{id}': {
        get: {
          summary: 'A document’s full text (citation offsets index into it)',
          security: secured,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'The document', content: json('Document') },
            ...errors(401, 403, 404, 429, 503),
          },
        },
        delete: {
          summary: 'Remove a document (its file in the corpus folder), then re-index; admin keys only',
          security: admin,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 204: { description: 'Removed and re-indexed' }, ...errors(401, 403, 404, 429, 503) },
        },
      },
      '/api/documents': {
        get: {
          summary: 'Every indexed document: id, title, date, type, pages, chunks, sha256; admin keys only',
          security: admin,
          responses: {
            200: {
              description: 'The documents',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      documents: { type: 'array', items: { $ref: '#/components/schemas/DocumentEntry' } },
                    },
                  },
                },
              },
            },
            ...errors(401, 403, 429, 503),
          },
        },
        post: {
          summary:
            'Add a document (.txt, .md, .html, .pdf or .docx; the type is read from the bytes) to the corpus folder ' +
            'and re-index; a file of the same name is replaced (200). Admin keys only',
          security: admin,
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: { file: { type: 'string', format: 'binary' } },
                  required: ['file'],
                },
              },
            },
          },
          responses: {
            201: { description: 'Indexed: its listing entry', content: json('DocumentEntry') },
            200: {
              description: 'Replaced a document of the same name: its listing entry',
              content: json('DocumentEntry'),
            },
            ...errors(400, 401, 403, 413, 415, 422, 429, 503),
          },
        },
      },
      '/v1/chat/completions': {
        post: {
          summary:
            'OpenAI-compatible chat completions; the answer (with [n] markers) is the content, ' +
            'and `citations` rides along',
          security: secured,
          requestBody: { required: true, content: json('ChatCompletionRequest') },
          responses: {
            200: { description: 'chat.completion, or chat.completion.chunk events when stream is true' },
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      '/v1/models': {
        get: {
          summary: 'OpenAI model list (contains "cited")',
          security: secured,
          responses: { 200: { description: 'Models' }, ...errors(401, 403, 429, 503) },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { 200: { description: 'Prometheus text format' } } },
      },
      '/': { get: { summary: 'The chat page', responses: { 200: { description: 'HTML' } } } },
      '/widget.js': {
        get: { summary: 'The embeddable chat widget', responses: { 200: { description: 'JavaScript' } } },
      },
    },
  };
}
