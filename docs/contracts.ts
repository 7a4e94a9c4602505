/**
 * Writes the generated parts of docs/contracts.md, and docs/contracts.schema.json, from the zod schemas that
 * validate and produce them: the answer shapes and request bodies (src/schemas.ts, src/http/schemas.ts), the settings
 * (src/config.ts) and the dataset line and header (src/eval/dataset.ts). Run by `npm run contracts`;
 * tests/docs/contracts.test.ts fails when the committed text differs from what this writes, so the page cannot drift
 * from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { envSchema } from '../src/config.js';
import { datasetHeader, datasetItem } from '../src/eval/index.js';
import { chatRequest } from '../src/http/schemas.js';
import { answer, answerEvent, askRequest, citation, errorSchema, searchRequest, source } from '../src/schemas.js';

export const CONTRACTS_PAGE = join(import.meta.dirname, 'contracts.md');
export const CONTRACTS_SCHEMA = join(import.meta.dirname, 'contracts.schema.json');

interface JsonSchema {
  type?: string;
  $ref?: string;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** The public shapes by name, in the order the page shows them. */
const SHAPES: [string, z.ZodType][] = [
  ['Citation', citation],
  ['Source', source],
  ['Answer', answer],
  ['AnswerEvent', answerEvent],
  ['Error', errorSchema],
  ['AskRequest', askRequest],
  ['SearchRequest', searchRequest],
  ['ChatCompletionRequest', chatRequest],
  ['DatasetItem', datasetItem],
  ['DatasetHeader', datasetHeader],
];

// z.number().int() says "a safe integer" with these bounds; on the page that is just "integer".
const drop = (o: Record<string, unknown>, key: 'minimum' | 'maximum', bound: number) => {
  if (o[key] === bound) delete o[key];
};
const override = (ctx: { jsonSchema: Record<string, unknown> }) => {
  drop(ctx.jsonSchema, 'minimum', Number.MIN_SAFE_INTEGER);
  drop(ctx.jsonSchema, 'maximum', Number.MAX_SAFE_INTEGER);
};

/** One JSON Schema document, each shape in $defs and referring to the others by name (as a client sends them). */
export function contractsSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, shape] of SHAPES) registry.add(shape, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/$defs/${id}`, override });
  const defs = Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _schema, $id: _id, ...rest } = s as Record<string, unknown>;
      return [id, rest];
    }),
  );
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'cited contracts', $defs: defs };
}

const code = (s: unknown) => `\`${typeof s === 'string' ? s : JSON.stringify(s)}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A short type name: "string", "integer", "Citation[]", "`local` \| `openai`". */
function typeOf(s: JsonSchema): string {
  if (s.$ref) return s.$ref.replace('#/$defs/', '');
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return s.enum.map(code).join(' or ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`;
  if (s.type === 'object' && s.properties)
    return `{ ${Object.keys(s.properties)
      .map((k) => k + (s.required?.includes(k) ? '' : '?'))
      .join(', ')} }`;
  if (s.anyOf ?? s.oneOf) return (s.anyOf ?? s.oneOf ?? []).map(typeOf).join(' or ');
  if (s.format === 'uri') return 'URL';
  return s.type ?? 'text';
}

/** Bounds and defaults, in words. */
function limits(s: JsonSchema): string {
  const out: string[] = [];
  const span = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && min === max) out.push(`exactly ${min}${unit}`);
    else if (min === 1 && max === undefined && unit) out.push('not empty');
    else if (min !== undefined && max !== undefined) out.push(`${min}–${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  span(s.minimum, s.maximum, '');
  span(s.minLength, s.maxLength, ' characters');
  span(s.minItems, s.maxItems, ' items');
  if (s.default !== undefined) out.push(`default ${code(s.default)}`);
  return out.join('; ');
}

function fieldTable(s: JsonSchema): string {
  const rows = Object.entries(s.properties ?? {}).map(([name, p]) => {
    const required = s.required?.includes(name) ? 'yes' : 'no';
    const notes = [limits(p), p.description ?? ''].filter(Boolean).join('; ');
    return `| \`${name}\` | ${cell(typeOf(p))} | ${required} | ${cell(notes)} |`;
  });
  return ['| field | type | required | notes |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function shapeSection(defs: Record<string, JsonSchema>, ids: string[]): string {
  return ids
    .map((id) => {
      const s = defs[id];
      if (s.properties) return `**${id}**\n\n${fieldTable(s)}`;
      // A union of events, told apart by `type`.
      const variants = (s.oneOf ?? s.anyOf ?? []).map((v) => {
        const { type, ...rest } = v.properties ?? {};
        const fields = Object.entries(rest).map(([k, p]) => `\`${k}\`: ${typeOf(p)}`);
        return `| ${typeOf(type)} | ${cell(fields.join(', '))} |`;
      });
      return [`**${id}** (one of, by \`type\`)`, '', '| type | fields |', '| --- | --- |', ...variants].join('\n');
    })
    .join('\n\n');
}

function settingsSection(): string {
  const env = z.toJSONSchema(envSchema, { io: 'output', unrepresentable: 'any', override }) as JsonSchema;
  const rows = Object.entries(env.properties ?? {}).map(([name, p]) => {
    const rest = limits({ ...p, default: undefined });
    const notes = [rest, p.description ?? ''].filter(Boolean).join('; ');
    const dflt = p.default === undefined ? '—' : code(p.default);
    return `| \`${name}\` | ${cell(typeOf(p))} | ${dflt} | ${cell(notes)} |`;
  });
  return ['| variable | value | default | notes |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** Each generated section of the page, by the name its markers carry. */
export function generatedSections(): Record<string, string> {
  const defs = contractsSchema().$defs as Record<string, JsonSchema>;
  return {
    'answer-shapes': shapeSection(defs, ['Citation', 'Source', 'Answer', 'AnswerEvent', 'Error']),
    'request-bodies': shapeSection(defs, ['AskRequest', 'SearchRequest', 'ChatCompletionRequest']),
    settings: settingsSection(),
    'dataset-line': shapeSection(defs, ['DatasetItem']),
    'dataset-header': shapeSection(defs, ['DatasetHeader']),
  };
}

const BEGIN = (name: string) => `<!-- generated:${name} (npm run contracts; do not edit) -->`;
const END = (name: string) => `<!-- /generated:${name} -->`;

/** The page with each generated section rewritten; the hand-written prose around them is kept as it is. */
export function renderContracts(page: string): string {
  let out = page;
  for (const [name, body] of Object.entries(generatedSections())) {
    const begin = out.indexOf(BEGIN(name));
    const end = out.indexOf(END(name));
    if (begin < 0 || end < begin) throw new Error(`docs/contracts.md has no generated section "${name}"`);
    out = `${out.slice(0, begin + BEGIN(name).length)}\n\n${body}\n\n${out.slice(end)}`;
  }
  return out;
}

/** The JSON Schema file, formatted as `npm run lint` wants it. */
export async function renderSchema(): Promise<string> {
  const options = await resolveConfig(CONTRACTS_SCHEMA);
  return format(JSON.stringify(contractsSchema()), { ...options, parser: 'json' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(CONTRACTS_PAGE, renderContracts(readFileSync(CONTRACTS_PAGE, 'utf8')));
  writeFileSync(CONTRACTS_SCHEMA, await renderSchema());
}
