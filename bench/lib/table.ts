/** A plain-text table for the terminal, and the same rows as Markdown for BENCHMARKS.md. */
export type Row = [string, string, string, string, string, string];

export const HEADER: Row = ['measure', 'cited', 'reference', 'ratio', 'target', 'met'];

export function textTable(rows: Row[]): string {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: Row) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(HEADER), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [HEADER, HEADER.map((_, i) => (i === 0 ? '---' : '---:')) as Row, ...rows]
    .map((r) => `| ${r.map(esc).join(' | ')} |`)
    .join('\n');
}

export const ms = (x: number): string =>
  x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`;
export const times = (x: number): string => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×` : '—');
export const yes = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'yes' : 'NO');
