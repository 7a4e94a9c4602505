import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadSquad } from '../../src/eval/squad-data.js';
import { articlePath, squadPath } from './paths.js';

export interface BenchQuestion {
  question: string;
  /** Document id of the gold paragraph (SQuAD), when known. */
  gold?: string;
}

export interface BenchCorpus {
  name: string;
  dir: string;
  questions: BenchQuestion[];
}

/** The article as cited ships it, in a directory of its own. */
export function articleCorpus(): BenchCorpus {
  const dir = mkdtempSync(join(tmpdir(), 'cited-bench-article-'));
  copyFileSync(articlePath, join(dir, basename(articlePath)));
  const seed = join(import.meta.dirname, '..', '..', 'evals', 'seed.jsonl');
  const questions = readFileSync(seed, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ question: (JSON.parse(l) as { question: string }).question }));
  return { name: 'article', dir, questions };
}

/**
 * Every SQuAD 2.0 dev paragraph as a document, written exactly as `cited eval --squad` writes them, and a seeded
 * sample of the answerable questions with their gold paragraph.
 */
export function squadCorpus(sample: number): BenchCorpus {
  const run = loadSquad(squadPath, 'all');
  const dir = mkdtempSync(join(tmpdir(), 'cited-bench-squad-'));
  for (const p of run.paragraphs) writeFileSync(join(dir, `${p.name}.txt`), `${p.title}\n\n${p.context}`);
  const answerable = run.items.filter((i) => i.answerable);
  // A fixed stride rather than a shuffle: the same questions on every run and every machine.
  const step = Math.max(1, Math.floor(answerable.length / sample));
  const questions = answerable
    .filter((_, i) => i % step === 0)
    .slice(0, sample)
    .map((i) => ({ question: i.question, gold: i.paragraph }));
  return { name: 'squad', dir, questions };
}

/** The corpus files as (id, text) pairs, what a LangChain tutorial's loader would hand the splitter. */
export function readCorpus(dir: string): { id: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => /\.(txt|md)$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.[^.]+$/, ''), text: readFileSync(join(dir, f), 'utf8') }));
}

/** Bytes on disk under a directory. */
export function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(p) : statSync(p).size;
  }
  return total;
}
