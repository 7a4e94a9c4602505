import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSquad, seededRandom as random } from '../../src/eval/squad-data.js';
import { sentenceSpans } from '../../src/nlp/index.js';
import { articlePath, squadPath } from './paths.js';

/** Every sentence of the SQuAD paragraphs and of the article (real English, real names, numbers and dates). */
export function sentencePool(): string[] {
  const texts = loadSquad(squadPath, 'all').paragraphs.map((p) => p.context);
  texts.push(readFileSync(articlePath, 'utf8').replace(/^date .*\n/, ''));
  const pool: string[] = [];
  for (const t of texts)
    for (const s of sentenceSpans(t)) pool.push(t.slice(s.start, s.end).replace(/\s+/g, ' ').trim());
  return pool.filter((s) => s.length >= 20);
}

/**
 * Writes documents of 6–60 sentences drawn (seeded) from the pool into `dir`, in sub-folders of 1,000 files,
 * until about `targetChunks` chunks (cited's chunker: ~3 sentences a chunk, one shared) would come out.
 * Sentences recur, but their mixtures — what a chunk is — do not.
 */
export function writeSyntheticCorpus(
  dir: string,
  targetChunks: number,
  pool: string[],
  seed = 7,
): { documents: number; sentences: number; bytes: number } {
  const next = random(seed);
  let sentences = 0;
  let documents = 0;
  let bytes = 0;
  // Measured on this pool: a chunk averages 3.0 sentences, one of them shared with the next chunk.
  const targetSentences = targetChunks * 3;
  while (sentences < targetSentences) {
    const n = 6 + Math.floor(next() * 55);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(pool[Math.floor(next() * pool.length)]);
    const text = `Synthetic document ${documents}\n\n${parts.join(' ')}\n`;
    const sub = join(dir, String(Math.floor(documents / 1000)).padStart(4, '0'));
    if (documents % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `doc-${documents}.txt`), text);
    bytes += Buffer.byteLength(text);
    sentences += n;
    documents++;
  }
  return { documents, sentences, bytes };
}

/** Questions made from sentence prefixes (seeded by a fixed stride): the same `n` on every run and every store. */
export function prefixQuestions(pool: string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const s = pool[(i * 7919) % pool.length];
    return (
      s
        .split(' ')
        .slice(0, 9)
        .join(' ')
        .replace(/[.,;:]$/, '') + '?'
    );
  });
}
