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

/** One titled part of a report: a dataset's result, or one set's of the suite. */
interface ReportPart {
  /** The set's name; a report of one dataset has no heading of its own. */
  heading?: string;
  result: EvalResult;
}

/** What `--report` writes, as Markdown and as HTML: the same facts in both. */
export interface Report {
  title: string;
  /** The suite's side-by-side table (first row: the header), before the sets' parts. */
  overview?: string[][];
  parts: ReportPart[];
}

/**
 * The wrong answers listed per part: enough to see what fails, while the page stays quick to open and read; the
 * `--out` JSON holds them all.
 */
const MAX_WRONG_ROWS = 200;
/** A cell's text is cut here, so a table row fits a wide screen; the full question is in the `--out` JSON. */
const CELL_CHARS = 120;

const cellText = (t: string) => t.replace(/\s+/g, ' ').slice(0, CELL_CHARS);

interface ReportTable {
  /** Its heading; the metrics table, first, has none. */
  name: string;
  /** The header row, then the rows. */
  rows: string[][];
  note?: string;
  /** The HTML page draws a bar chart per category under it. */
  charts?: boolean;
}

/** The tables of one result, as both formats show them. */
function tablesOf(r: EvalResult): ReportTable[] {
  const metrics = summaryTable(r.summary)
    .split('\n')
    .map((line) => line.split(/\s{2,}/));
  const categories = Object.entries(r.summary.categories).map(([name, c]) => [
    name,
    String(c.count),
    pct(c.accuracy),
    pct(c.f1),
  ]);
  const tables: ReportTable[] = [
    { name: '', rows: [['metric', 'value'], ...metrics] },
    {
      name: 'By category',
      rows: [['category', 'questions', 'accuracy', 'short-answer F1'], ...categories],
      charts: true,
    },
  ];
  const wrong = wrongAnswers(r);
  return wrong ? [...tables, wrong] : tables;
}

function wrongAnswers(r: EvalResult): ReportTable | undefined {
  const wrong = r.items.filter((i) => !i.correct);
  if (!wrong.length) return undefined;
  const rows = wrong.slice(0, MAX_WRONG_ROWS).map((i) => {
    const expected = i.answerable ? i.answers.join(' / ') : '(refuse)';
    const got = i.refused ? '(refused)' : (i.shortAnswer ?? i.answer);
    return [i.id, i.question, expected, got].map(cellText);
  });
  const note = wrong.length > MAX_WRONG_ROWS ? `the first ${MAX_WRONG_ROWS} of ${wrong.length}` : undefined;
  return { name: 'Wrong answers', rows: [['id', 'question', 'expected', 'got'], ...rows], note };
}

function markdownTable(rows: string[][]): string[] {
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(rows[0]), `|${rows[0].map(() => '---').join('|')}|`, ...rows.slice(1).map(line)];
}

export function markdownReport(report: Report): string {
  const lines = [`# ${report.title}`];
  if (report.overview) lines.push('', ...markdownTable(report.overview));
  for (const part of report.parts) {
    const level = part.heading ? '###' : '##';
    if (part.heading) lines.push('', `## ${part.heading}`);
    for (const t of tablesOf(part.result)) {
      if (t.name) lines.push('', `${level} ${t.name}${t.note ? ` (${t.note})` : ''}`);
      lines.push('', ...markdownTable(t.rows));
    }
  }
  return `${lines.join('\n')}\n`;
}

const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}th{text-align:left;padding-right:2rem}' +
  'td{vertical-align:top;padding-right:1rem}table{border-collapse:collapse;margin:1rem 0}' +
  '.scroll{overflow-x:auto}svg text{font:12px system-ui}figure{margin:1rem 0}figcaption{font-weight:600}' +
  '@media (max-width:40rem){body{margin:1rem}}';

function htmlTable(rows: string[][]): string {
  const head = `<tr>${rows[0].map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr>`;
  const body = rows
    .slice(1)
    .map((r) => `<tr>${r.map((c, i) => (i ? `<td>${esc(c)}</td>` : `<th scope="row">${esc(c)}</th>`)).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** One inline-SVG bar chart per category (accuracy and F1), under the category table. */
function categoryCharts(r: EvalResult): string {
  return Object.entries(r.summary.categories)
    .map(([name, c]) => {
      const bar = (y: number, v: number, colour: string, label: string) =>
        `<rect x="110" y="${y}" width="${(v * 300).toFixed(1)}" height="18" fill="${colour}"/>` +
        `<text x="4" y="${y + 14}">${label}</text>` +
        `<text x="${116 + v * 300}" y="${y + 14}">${(100 * v).toFixed(1)} %</text>`;
      const ariaLabel = `${esc(name)}: accuracy ${(100 * c.accuracy).toFixed(1)} %, F1 ${(100 * c.f1).toFixed(1)} %`;
      const bars = `${bar(4, c.accuracy, '#2f6fdf', 'accuracy')}${bar(28, c.f1, '#e08a1e', 'short F1')}`;
      return (
        `<figure><figcaption>${esc(name)} (${c.count})</figcaption>` +
        `<svg viewBox="0 0 480 52" width="480" height="52" style="max-width:100%;height:auto" role="img" ` +
        `aria-label="${ariaLabel}">${bars}</svg></figure>`
      );
    })
    .join('\n');
}

/** A self-contained page with everything the Markdown report holds, and a bar chart per category. */
export function htmlReport(report: Report): string {
  const body = [`<h1>${esc(report.title)}</h1>`];
  if (report.overview) body.push(htmlTable(report.overview));
  for (const part of report.parts) {
    const level = part.heading ? 'h3' : 'h2';
    if (part.heading) body.push(`<h2>${esc(part.heading)}</h2>`);
    for (const t of tablesOf(part.result)) {
      if (t.name) body.push(`<${level}>${esc(t.name)}${t.note ? ` (${esc(t.note)})` : ''}</${level}>`);
      body.push(htmlTable(t.rows));
      if (t.charts) body.push(categoryCharts(part.result));
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(report.title)}</title>
<style>${STYLE}</style>
</head><body>
${body.join('\n')}
</body></html>\n`;
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
