import type { EvalItem, EvalSummary } from './metrics.js';
import type { SquadScores } from './squad-metric.js';

interface RetrievalBaseline {
  hitAt1: number;
  hitAt5: number;
  bm25: { hitAt1: number; hitAt5: number };
}

export interface EvalResult {
  summary: EvalSummary & {
    squad?: SquadScores;
    squadStrict?: SquadScores;
    retrieval: EvalSummary['retrieval'] & Partial<RetrievalBaseline>;
  };
  items: EvalItem[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The table printed on the terminal and written by `--report`. */
export function summaryTable(s: EvalResult['summary']): string {
  const rows: [string, string][] = [
    ['questions', `${s.count} (${s.answerable} answerable, ${s.unanswerable} not)`],
    ['accuracy (all)', pct(s.accuracy)],
    ['accuracy (answerable)', pct(s.answerableAccuracy)],
    ['short-answer F1', pct(s.shortAnswerF1)],
    ['wrong short answers', pct(s.wrongShortRate ?? 0)],
    [
      'retrieval hit@1 / @3 / @5',
      `${pct(s.retrieval.hitAt1)} / ${pct(s.retrieval.hitAt3)} / ${pct(s.retrieval.hitAt5)}`,
    ],
    ['retrieval MRR', s.retrieval.mrr.toFixed(3)],
    ['refusal precision / recall', `${pct(s.refusal.precision)} / ${pct(s.refusal.recall)}`],
    ['false refusals', pct(s.refusal.falseRefusalRate)],
    ['citations verbatim', `${pct(s.citations.verbatim)} of ${s.citations.total}`],
    ['answers citing a gold answer', pct(s.citations.answersCitingGold)],
    ['invalid citation numbers dropped', String(s.citations.invalidDropped)],
    ['latency p50 / p95', `${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.p95.toFixed(1)} ms`],
  ];
  if (s.degraded) rows.push(['degraded (LLM failed)', String(s.degraded)]);
  if (s.squad) {
    const q = s.squad;
    // The headline scores what the user sees (the short answer, else the first quote); the lenient rule beside it
    // scores an answer without a short span as "no answer".
    if (s.squadStrict) rows.push(['SQuAD F1 strict / lenient', `${s.squadStrict.f1.toFixed(2)} / ${q.f1.toFixed(2)}`]);
    rows.push(['SQuAD exact / F1 (lenient)', `${q.exact.toFixed(2)} / ${q.f1.toFixed(2)} (n=${q.total})`]);
    if (q.HasAns_total)
      rows.push([
        'SQuAD HasAns exact / F1',
        `${q.HasAns_exact!.toFixed(2)} / ${q.HasAns_f1!.toFixed(2)} (n=${q.HasAns_total})`,
      ]);
    if (q.NoAns_total)
      rows.push([
        'SQuAD NoAns exact / F1',
        `${q.NoAns_exact!.toFixed(2)} / ${q.NoAns_f1!.toFixed(2)} (n=${q.NoAns_total})`,
      ]);
    if (s.squadStrict)
      rows.push([
        'SQuAD F1, full answers scored (strict)',
        `${s.squadStrict.f1.toFixed(2)} (NoAns ${s.squadStrict.NoAns_exact?.toFixed(2) ?? '—'})`,
      ]);
  }
  if (s.retrieval.bm25) {
    rows.push(['paragraph hit@1 / @5 (cited)', `${pct(s.retrieval.hitAt1)} / ${pct(s.retrieval.hitAt5)}`]);
    rows.push([
      'paragraph hit@1 / @5 (BM25 only)',
      `${pct(s.retrieval.bm25.hitAt1)} / ${pct(s.retrieval.bm25.hitAt5)}`,
    ]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export function markdownReport(r: EvalResult, title: string): string {
  const s = r.summary;
  const lines = [`# ${title}`, '', '| metric | value |', '|---|---|'];
  for (const line of summaryTable(s).split('\n')) {
    const [k, v] = line.split(/\s{2,}/);
    lines.push(`| ${k} | ${v} |`);
  }
  lines.push('', '## By category', '', '| category | questions | accuracy | short-answer F1 |', '|---|---|---|---|');
  for (const [name, c] of Object.entries(s.categories))
    lines.push(`| ${name} | ${c.count} | ${pct(c.accuracy)} | ${pct(c.f1)} |`);
  const wrong = r.items.filter((i) => !i.correct);
  if (wrong.length) {
    lines.push('', '## Wrong answers', '', '| id | question | expected | got |', '|---|---|---|---|');
    const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 120);
    for (const i of wrong.slice(0, 200)) {
      const expected = i.answerable ? i.answers.join(' / ') : '(refuse)';
      const got = i.refused ? '(refused)' : (i.shortAnswer ?? i.answer);
      lines.push(`| ${i.id} | ${cell(i.question)} | ${cell(expected)} | ${cell(got)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}th{text-align:left;padding-right:2rem}' +
  'svg text{font:12px system-ui}figure{margin:1rem 0}figcaption{font-weight:600}';

/** A self-contained page: the summary table and one inline-SVG bar chart per category (accuracy and F1). */
export function htmlReport(r: EvalResult, title: string): string {
  const charts = Object.entries(r.summary.categories)
    .map(([name, c]) => {
      const bar = (y: number, v: number, colour: string, label: string) =>
        `<rect x="110" y="${y}" width="${(v * 300).toFixed(1)}" height="18" fill="${colour}"/>` +
        `<text x="4" y="${y + 14}">${label}</text>` +
        `<text x="${116 + v * 300}" y="${y + 14}">${(100 * v).toFixed(1)} %</text>`;
      const ariaLabel = `${esc(name)}: accuracy ${(100 * c.accuracy).toFixed(1)} %, F1 ${(100 * c.f1).toFixed(1)} %`;
      const bars = `${bar(4, c.accuracy, '#2f6fdf', 'accuracy')}${bar(28, c.f1, '#e08a1e', 'short F1')}`;
      return (
        `<figure><figcaption>${esc(name)} (${c.count})</figcaption>` +
        `<svg width="480" height="52" role="img" aria-label="${ariaLabel}">${bars}</svg></figure>`
      );
    })
    .join('\n');
  const table = summaryTable(r.summary)
    .split('\n')
    .map((l) => {
      const [k, v] = l.split(/\s{2,}/);
      return `<tr><th>${esc(k)}</th><td>${esc(v ?? '')}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body><h1>${esc(title)}</h1><table>${table}</table><h2>By category</h2>${charts}</body></html>\n`;
}

/** What changed between two runs, question by question. */
export function compareRuns(before: EvalResult, after: EvalResult): string {
  const old = new Map(before.items.map((i) => [i.id, i]));
  const improved: string[] = [];
  const regressed: string[] = [];
  for (const i of after.items) {
    const o = old.get(i.id);
    if (!o) continue;
    const was = o.refused ? 'refused' : (o.shortAnswer ?? '—');
    const now = i.refused ? 'refused' : (i.shortAnswer ?? '—');
    const line = `${i.id}  ${i.question.slice(0, 80)}  (${was} → ${now})`;
    if (i.correct && !o.correct) improved.push(line);
    else if (!i.correct && o.correct) regressed.push(line);
  }
  const d = (a: number, b: number) => `${b >= a ? '+' : ''}${(100 * (b - a)).toFixed(1)} pts`;
  const change = (a: number, b: number) => `${pct(a)} → ${pct(b)} (${d(a, b)})`;
  const lines = [
    `accuracy ${change(before.summary.accuracy, after.summary.accuracy)}`,
    `short-answer F1 ${change(before.summary.shortAnswerF1, after.summary.shortAnswerF1)}`,
  ];
  if (before.summary.squad && after.summary.squad)
    lines.push(`SQuAD F1 ${before.summary.squad.f1.toFixed(2)} → ${after.summary.squad.f1.toFixed(2)}`);
  lines.push(
    `improved (${improved.length}):`,
    ...improved.map((l) => `  + ${l}`),
    `regressed (${regressed.length}):`,
    ...regressed.map((l) => `  - ${l}`),
  );
  return lines.join('\n');
}
