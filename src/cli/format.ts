import type { Answer, Source } from '../types.js';
import type { IngestReport } from '../ingest/index.js';

export function formatAnswer(a: Answer): string {
  const lines = [a.answer, ''];
  for (const c of a.citations) {
    const date = c.date ? ` (${c.date})` : '';
    lines.push(`[${c.n}] ${c.title}${date}, chars ${c.start}–${c.end}:`, `    “${c.quote}”`);
  }
  for (const c of a.related ?? []) {
    const date = c.date ? ` (${c.date})` : '';
    lines.push(`closest: ${c.title}${date}, chars ${c.start}–${c.end}:`, `    “${c.quote}”`);
  }
  if (a.refused) lines.push('(refused: the sources do not contain the answer)');
  if (a.unsupported?.length) lines.push(`(${a.unsupported.length} unsupported sentence(s) left out)`);
  if (a.degraded) lines.push('(the language model failed; this is the offline extractive answer)');
  lines.push(`(${a.mode}, ${a.timings.totalMs.toFixed(1)} ms)`);
  return lines.join('\n');
}

export function formatSources(sources: Source[]): string {
  return sources
    .map((s) => {
      const date = s.date ? ` (${s.date})` : '';
      const text = s.text.replace(/\s+/g, ' ').slice(0, 240);
      return `[${s.n}] ${s.score.toFixed(4)}  ${s.chunkId}  ${s.title}${date}\n    ${text}`;
    })
    .join('\n');
}

// A file name may hold a newline or an escape sequence: shown escaped, it cannot forge or hide report lines.
const printable = (s: string) =>
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * The summary line, ending with where the new version is (`version`: its directory, or its id in the database), then
 * one line per skipped file (path and reason), so nothing left out goes unnoticed.
 */
export function formatIngest(r: IngestReport, version = r.dir): string {
  const summary =
    `indexed ${r.documents} document(s), ${r.chunks} chunks in ${(r.ms / 1000).toFixed(2)} s ` +
    `(${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged, ${r.removed} removed; ` +
    `${r.embeddedChunks} chunks embedded; ${r.skipped.length} skipped, ${r.warnings.length} with warnings) ` +
    `→ ${version}`;
  return [
    summary,
    ...r.skipped.map((s) => `skipped ${printable(s.path)}: ${s.reason}`),
    ...r.warnings.map((w) => `warning ${printable(w.path)}: ${w.message}`),
  ].join('\n');
}
