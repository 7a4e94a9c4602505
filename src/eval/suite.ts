import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CitedError } from '../errors.js';
import type { EvalSummary } from './metrics.js';

/** One question set and the documents it asks about; `heldout` sets are reported, never fitted or tuned on. */
const suiteSet = z.object({
  name: z.string().min(1),
  role: z.enum(['tuning', 'heldout']),
  questions: z.string().min(1),
  corpus: z.string().min(1),
});
const suiteFile = z.object({ comment: z.string().optional(), sets: z.array(suiteSet).min(1) });

export type SuiteSet = z.infer<typeof suiteSet>;

/** Reads evals/sets.json; its paths are resolved against the file's own folder. */
export function loadSuite(path: string): SuiteSet[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CitedError('INVALID_REQUEST', `cannot read ${path} as a JSON list of question sets`);
  }
  const parsed = suiteFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CitedError('INVALID_REQUEST', `${path}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const base = dirname(path);
  return parsed.data.sets.map((s) => ({
    ...s,
    questions: resolve(base, s.questions),
    corpus: resolve(base, s.corpus),
  }));
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** What each set's column shows: the answer-quality figures the issue measures, then retrieval and citations. */
const ROWS: [string, (s: EvalSummary) => string][] = [
  ['questions', (s) => `${s.count} (${s.unanswerable} not)`],
  ['answerable right', (s) => pct(s.answerableAccuracy)],
  ['unanswerable refused', (s) => pct(s.refusal.recall)],
  ['wrong short answers', (s) => pct(s.wrongShortRate ?? 0)],
  ['short-answer F1', (s) => pct(s.shortAnswerF1)],
  ['retrieval hit@3', (s) => pct(s.retrieval.hitAt3)],
  ['citations verbatim', (s) => pct(s.citations.verbatim)],
];

/** Tuning and held-out sets side by side, one column each, tuning first; the first row is the header. */
export function suiteRows(results: { set: SuiteSet; summary: EvalSummary }[]): string[][] {
  const ordered = [...results].sort((a, b) => Number(a.set.role === 'heldout') - Number(b.set.role === 'heldout'));
  const head = ['', ...ordered.map((r) => `${r.set.name} (${r.set.role === 'heldout' ? 'held-out' : 'tuning'})`)];
  return [head, ...ROWS.map(([label, cell]) => [label, ...ordered.map((r) => cell(r.summary))])];
}

/** suiteRows as aligned text, for the terminal. */
export function suiteTable(results: { set: SuiteSet; summary: EvalSummary }[]): string {
  const rows = suiteRows(results);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '))
    .join('\n');
}
