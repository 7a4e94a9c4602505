import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CitedError } from '../errors.js';
import { MAX_HISTORY_TURNS, MAX_QUESTION_CHARS } from '../limits.js';

export const datasetItem = z.object({
  id: z.string().min(1),
  question: z.string().min(1).max(MAX_QUESTION_CHARS),
  answers: z.array(z.string()),
  answerable: z.boolean(),
  category: z.string().default('other'),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() }))
    .max(MAX_HISTORY_TURNS)
    .optional(),
});

export type DatasetItem = z.infer<typeof datasetItem>;

/**
 * The optional first line of a dataset: the documents its questions ask about, so that `cited eval` can refuse an
 * index built from others instead of scoring it 0 %.
 */
export const datasetHeader = z
  .object({
    corpus: z
      .string()
      .min(1)
      .optional()
      .describe("the documents' folder, relative to the dataset file; named in the fix when the index lacks them"),
    documents: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('ids of documents the questions ask about (as `cited search --json` shows them); all must be indexed'),
  })
  .strict();

export type DatasetHeader = z.infer<typeof datasetHeader>;

export interface Dataset {
  /** With `corpus` resolved against the dataset file's folder. */
  header?: DatasetHeader;
  items: DatasetItem[];
}

/** A line naming a corpus or documents, and no question, is the header; only the first line may be one. */
const isHeader = (raw: unknown) =>
  typeof raw === 'object' && raw !== null && !('question' in raw) && ('corpus' in raw || 'documents' in raw);

/** Reads a JSONL dataset (docs/contracts.md, "Datasets"); a bad line is reported with its number. */
export function loadDataset(path: string): DatasetItem[] {
  return loadDatasetFile(path).items;
}

/** A dataset with its header, when it has one. */
export function loadDatasetFile(path: string): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CitedError('INVALID_REQUEST', `cannot read dataset ${path}`);
  }
  const dataset: Dataset = { items: [] };
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const raw = parseLine(line, `${path}:${i + 1}`);
    if (!isHeader(raw)) return dataset.items.push(itemOf(raw, `${path}:${i + 1}`));
    if (dataset.items.length || dataset.header)
      throw new CitedError('INVALID_REQUEST', `${path}:${i + 1}: only the first line may be a header (no question)`);
    const header = valid(datasetHeader, raw, `${path}:${i + 1}`, 'header');
    dataset.header = { ...header, ...(header.corpus ? { corpus: resolve(dirname(path), header.corpus) } : {}) };
  });
  const { items } = dataset;
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new CitedError('INVALID_REQUEST', `${path}: duplicate id ${item.id}`);
    ids.add(item.id);
  }
  return dataset;
}

function parseLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CitedError('INVALID_REQUEST', `${where}: not valid JSON`);
  }
}

function valid<T>(schema: z.ZodType<T>, raw: unknown, where: string, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CitedError('INVALID_REQUEST', `${where}: ${issue.path.join('.') || what}: ${issue.message}`);
}

function itemOf(raw: unknown, where: string): DatasetItem {
  const item = valid(datasetItem, raw, where, 'item');
  if (item.answerable && item.answers.length === 0)
    throw new CitedError('INVALID_REQUEST', `${where}: an answerable item needs answers`);
  return item;
}
