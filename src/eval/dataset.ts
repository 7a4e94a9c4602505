import { readFileSync } from 'node:fs';
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

/** Reads a JSONL dataset (docs/contracts.md, "Datasets"); a bad line is reported with its number. */
export function loadDataset(path: string): DatasetItem[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CitedError('INVALID_REQUEST', `cannot read dataset ${path}`);
  }
  const items: DatasetItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new CitedError('INVALID_REQUEST', `${path}:${i + 1}: not valid JSON`);
    }
    const parsed = datasetItem.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CitedError('INVALID_REQUEST', `${path}:${i + 1}: ${issue.path.join('.') || 'item'}: ${issue.message}`);
    }
    if (parsed.data.answerable && parsed.data.answers.length === 0)
      throw new CitedError('INVALID_REQUEST', `${path}:${i + 1}: an answerable item needs answers`);
    items.push(parsed.data);
  });
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new CitedError('INVALID_REQUEST', `${path}: duplicate id ${item.id}`);
    ids.add(item.id);
  }
  return items;
}
