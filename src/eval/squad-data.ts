import { readFileSync } from 'node:fs';
import { CitedError } from '../errors.js';
import type { DatasetItem } from './dataset.js';
import type { SquadFile } from './squad-metric.js';

export type SquadSplit = 'dev' | 'heldout' | 'all';

/** The dataset's README: tune on the first 16 articles (Normans … Geology), report on the other 19. */
const DEV_ARTICLES = 16;

interface SquadParagraph {
  /** File name (without extension) the paragraph is indexed under; its document id. */
  name: string;
  title: string;
  context: string;
}

export interface SquadRun {
  data: SquadFile['data'];
  paragraphs: SquadParagraph[];
  items: (DatasetItem & { paragraph: string })[];
}

/** mulberry32: a small seeded generator, so `--sample N --seed S` picks the same questions everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The split's articles, every paragraph as a document, and its questions (a seeded sample when asked). */
export function loadSquad(path: string, split: SquadSplit, sample?: number, seed = 1): SquadRun {
  let file: SquadFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as SquadFile;
  } catch {
    throw new CitedError('INVALID_REQUEST', `${path} is not a readable SQuAD JSON file`);
  }
  if (!Array.isArray(file?.data))
    throw new CitedError('INVALID_REQUEST', `${path} has no "data" array: not a SQuAD file`);
  const data =
    split === 'dev'
      ? file.data.slice(0, DEV_ARTICLES)
      : split === 'heldout'
        ? file.data.slice(DEV_ARTICLES)
        : file.data;
  const paragraphs: SquadParagraph[] = [];
  let items: SquadRun['items'] = [];
  for (const article of data) {
    article.paragraphs.forEach((p, i) => {
      const name = `${slug(article.title)}-${String(i).padStart(3, '0')}`;
      paragraphs.push({ name, title: `${article.title.replace(/_/g, ' ')} (${i + 1})`, context: p.context });
      for (const qa of p.qas) {
        items.push({
          id: qa.id,
          question: qa.question,
          answers: qa.answers.map((a) => a.text),
          answerable: qa.answers.length > 0,
          category: qa.answers.length ? 'squad-answerable' : 'squad-unanswerable',
          paragraph: name,
        });
      }
    });
  }
  if (sample !== undefined && sample < items.length) {
    const next = seededRandom(seed);
    const shuffled = items.map((item) => ({ item, r: next() })).sort((a, b) => a.r - b.r);
    const chosen = new Set(shuffled.slice(0, sample).map((x) => x.item.id));
    items = items.filter((i) => chosen.has(i.id)); // keep file order, so runs are comparable
  }
  // The official script scores only questions it has predictions for: restrict the data to the sample.
  const ids = new Set(items.map((i) => i.id));
  const scoped = data.map((a) => ({
    ...a,
    paragraphs: a.paragraphs.map((p) => ({ ...p, qas: p.qas.filter((q) => ids.has(q.id)) })),
  }));
  return { data: scoped, paragraphs, items };
}
