import type { AnswerService } from '../rag/index.js';
import type { DatasetItem } from './dataset.js';
import { scoreItem } from './metrics.js';
import type { EvalItem } from './metrics.js';

/** Asks every item through the same answer path as the API, one at a time, timing each. */
export async function runDataset(
  answers: AnswerService,
  items: DatasetItem[],
  opts: { k?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvalItem[]> {
  const out: EvalItem[] = [];
  for (const item of items) {
    const t0 = performance.now();
    const a = await answers.ask({ question: item.question, history: item.history, k: opts.k });
    out.push(scoreItem(item, a, Math.round((performance.now() - t0) * 100) / 100));
    opts.onProgress?.(out.length, items.length);
  }
  return out;
}
