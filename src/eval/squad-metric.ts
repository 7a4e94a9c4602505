/**
 * A line-for-line port of the official SQuAD 2.0 evaluation script (evaluate-v2.0.py): same normalisation,
 * same token F1, same averaging order, so its figures match the official ones to the last digit.
 */

// Python's string.punctuation: ASCII only.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
// Python's re \b with re.UNICODE: a word character is a letter, a number or "_".
const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;
// Python's str.split(): runs of whitespace, Unicode-aware.
// eslint-disable-next-line no-control-regex -- Python counts these separators as whitespace
const WHITESPACE = /[\s\x1c-\x1f\x85]+/u;

export function normalizeAnswer(s: string): string {
  let t = s.toLowerCase();
  t = [...t].filter((ch) => !PUNCTUATION.has(ch)).join('');
  t = t.replace(ARTICLES, ' ');
  return t.split(WHITESPACE).filter(Boolean).join(' ');
}

const tokens = (s: string) => (s ? normalizeAnswer(s).split(' ').filter(Boolean) : []);

const computeExact = (gold: string, pred: string): number => Number(normalizeAnswer(gold) === normalizeAnswer(pred));

export function computeF1(gold: string, pred: string): number {
  const g = tokens(gold);
  const p = tokens(pred);
  if (g.length === 0 || p.length === 0) return Number(g.length === p.length);
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of p) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      same++;
      counts.set(t, n - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

interface SquadQuestion {
  id: string;
  question: string;
  answers: { text: string; answer_start?: number }[];
  is_impossible?: boolean;
}

export interface SquadFile {
  version?: string;
  data: { title: string; paragraphs: { context: string; qas: SquadQuestion[] }[] }[];
}

export interface SquadScores {
  exact: number;
  f1: number;
  total: number;
  HasAns_exact?: number;
  HasAns_f1?: number;
  HasAns_total?: number;
  NoAns_exact?: number;
  NoAns_f1?: number;
  NoAns_total?: number;
}

/** The official figures for `predictions` ({question id: answer, "" = no answer}) over the given articles. */
export function evaluateSquad(data: SquadFile['data'], predictions: Record<string, string>): SquadScores {
  const exact = new Map<string, number>();
  const f1 = new Map<string, number>();
  const hasAns = new Map<string, boolean>();
  for (const article of data) {
    for (const p of article.paragraphs) {
      for (const qa of p.qas) {
        hasAns.set(qa.id, qa.answers.length > 0);
        let gold = qa.answers.map((a) => a.text).filter((t) => normalizeAnswer(t));
        if (gold.length === 0) gold = [''];
        if (!(qa.id in predictions)) continue; // the official script reports and skips a missing prediction
        const pred = predictions[qa.id];
        exact.set(qa.id, Math.max(...gold.map((g) => computeExact(g, pred))));
        f1.set(qa.id, Math.max(...gold.map((g) => computeF1(g, pred))));
      }
    }
  }
  const summary = (ids: string[]) => {
    let e = 0;
    let f = 0;
    for (const id of ids) {
      e += exact.get(id)!;
      f += f1.get(id)!;
    }
    return { exact: (100 * e) / ids.length, f1: (100 * f) / ids.length, total: ids.length };
  };
  const all = [...exact.keys()];
  const out: SquadScores = summary(all);
  const has = all.filter((id) => hasAns.get(id));
  const no = all.filter((id) => !hasAns.get(id));
  if (has.length) {
    const s = summary(has);
    Object.assign(out, { HasAns_exact: s.exact, HasAns_f1: s.f1, HasAns_total: s.total });
  }
  if (no.length) {
    const s = summary(no);
    Object.assign(out, { NoAns_exact: s.exact, NoAns_f1: s.f1, NoAns_total: s.total });
  }
  return out;
}
