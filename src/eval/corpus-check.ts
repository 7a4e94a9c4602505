import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetHeader, DatasetItem } from './dataset.js';
import { POLAR } from './metrics.js';
import { normalizeAnswer } from './squad-metric.js';

/** What the check reads of an indexed document: its id, the sha256 of its file and its text. */
export interface IndexedText {
  id: string;
  sha256: string;
  text: string;
}

/** What is known of a dataset's documents: its header, or its set's folder in evals/sets.json. */
export type CorpusClaim = DatasetHeader;

/**
 * Below this share of answerable questions with a gold answer somewhere in the indexed text, the index holds other
 * documents than the dataset asks about. On the seven sets of evals/sets.json, a set's gold answers occur in its own
 * documents for 76–93 % of its questions, and in another set's for at most 18 %. A third lies between, nearer the
 * foreign side, so that a dataset whose gold answers paraphrase its documents more than ours do is still run.
 */
const MIN_GOLD_FOUND_SHARE = 1 / 3;

/** Why the index cannot be the one the dataset asks about, or undefined when it may be. */
export function corpusMismatch(
  items: readonly DatasetItem[],
  claim: CorpusClaim,
  docs: readonly IndexedText[],
): string | undefined {
  return missingDocuments(claim, docs) ?? absentFolder(claim, docs) ?? goldAnswersAbsent(items, docs);
}

/** How many names a message lists before "…": enough to recognise the corpus, short enough for one line. */
const NAMES_SHOWN = 3;

function missingDocuments(claim: CorpusClaim, docs: readonly IndexedText[]): string | undefined {
  const ids = new Set(docs.map((d) => d.id));
  const missing = (claim.documents ?? []).filter((id) => !ids.has(id));
  if (!missing.length) return undefined;
  const shown = missing.slice(0, NAMES_SHOWN).join(', ') + (missing.length > NAMES_SHOWN ? ', …' : '');
  return `it names ${missing.length} document(s) the index does not hold (${shown})`;
}

/** A named folder none of whose files is indexed (by the sha256 of its bytes, as the index records each file). */
function absentFolder(claim: CorpusClaim, docs: readonly IndexedText[]): string | undefined {
  if (!claim.corpus) return undefined;
  const hashes = filesOf(claim.corpus).map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
  const indexed = new Set(docs.map((d) => d.sha256));
  if (!hashes.length || hashes.some((h) => indexed.has(h))) return undefined;
  return "none of its corpus folder's files is in it";
}

/** Regular files under `dir`, links not followed; none when it cannot be read (nothing to compare then). */
function filesOf(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => lstatSync(path).isFile());
  } catch {
    return [];
  }
}

function goldAnswersAbsent(items: readonly DatasetItem[], docs: readonly IndexedText[]): string | undefined {
  // A yes or no says nothing about which documents a question is about.
  const golds = items
    .filter((i) => i.answerable)
    .map((i) => i.answers.map(normalizeAnswer).filter((a) => a && !POLAR.has(a)))
    .filter((answers) => answers.length);
  if (!golds.length) return undefined;
  const texts = docs.map((d) => ` ${normalizeAnswer(d.text)} `);
  const found = golds.filter((answers) => answers.some((a) => texts.some((t) => t.includes(` ${a} `)))).length;
  if (found / golds.length >= MIN_GOLD_FOUND_SHARE) return undefined;
  return `only ${found} of its ${golds.length} answerable questions has a gold answer in the indexed text`;
}
