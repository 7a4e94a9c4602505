import { basename, extname } from 'node:path';

/** A heading-like first line, else the first sentence cut at a word, else the file name. */
export function inferTitle(text: string, path: string): string {
  const firstLine = text
    .split('\n', 1)[0]
    .trim()
    .replace(/^#+\s*/, '');
  if (firstLine && firstLine.length <= 100 && !/[.!?:;,]$/.test(firstLine)) return firstLine;
  const sentence = /^(.+?[.!?])(\s|$)/s.exec(text.trim())?.[1] ?? firstLine;
  if (sentence) return clip(sentence.replace(/\s+/g, ' '), 90);
  return basename(path, extname(path)).replace(/[-_]+/g, ' ');
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
