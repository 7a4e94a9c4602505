import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';

const env = {
  ...process.env,
  CITED_INDEX_DIR: tempDir(),
  CITED_LLM: 'extractive',
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
};

const cited = (...args: string[]) => runCli(args, { env });

/** A question no answer can get right, whose text and gold answer hold what Markdown and HTML must escape. */
const HOSTILE = { question: 'Who built the <lighthouse> & "tower" | pier?', gold: '<b>Stevenson</b> & "Sons" | Ltd' };

const corpus = corpusOf({
  'lighthouse.txt': 'The lighthouse was built in 1874. Its light can be seen from 18 miles away.',
});
const dataset = join(tempDir(), 'questions.jsonl');
writeFileSync(
  dataset,
  [
    { id: 'built', question: 'When was the lighthouse built?', answers: ['1874'], answerable: true },
    { id: 'range', question: 'How far away can its light be seen?', answers: ['18 miles'], answerable: true },
    { id: 'hostile', question: HOSTILE.question, answers: [HOSTILE.gold], answerable: true, category: 'a|b' },
    { id: 'peru', question: 'What is the capital of Peru?', answers: [], answerable: false },
  ]
    .map((q) => JSON.stringify(q))
    .join('\n'),
);

/** HTML escaping as the page must do it, written out independently of the code under test. */
const html = (t: string) =>
  t.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/** Every cell of every Markdown table row, `\|` read back as `|`. */
const markdownCells = (md: string) =>
  md
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|(---\|)+$/.test(l))
    .flatMap((l) =>
      l
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((c) => c.replace(/\\\|/g, '|')),
    );

describe('cited eval --report DIR', () => {
  const dir = join(tempDir(), 'reports', 'run-1');
  let stdout = '';
  beforeAll(async () => {
    const r = await cited('eval', '--dataset', dataset, '--corpus', corpus, '--report', dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    stdout = r.stdout;
  });

  it('makes the folder, writes report.md and report.html into it, and prints both paths', () => {
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([`report: ${join(dir, 'report.md')}`, `report: ${join(dir, 'report.html')}`]);
  });

  it('report.md has the summary, the categories and the wrong answers, escaped for Markdown', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# cited eval: .*questions\.jsonl\n/);
    expect(md).toMatch(/\n\| metric \| value \|\n\|---\|---\|\n\| questions \| 4 \(3 answerable, 1 not\) \|\n/);
    expect(md).toContain('\n## By category\n');
    expect(md).toContain('\n| a\\|b | 1 | 0.0 % | 0.0 % |\n');
    expect(md).toContain('\n## Wrong answers\n');
    expect(md).toContain(
      '| hostile | Who built the <lighthouse> & "tower" \\| pier? | <b>Stevenson</b> & "Sons" \\| Ltd | ',
    );
  });

  it('report.html holds every cell of the Markdown, escaped, with a viewport for phones', () => {
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const heading of md.split('\n').filter((l) => l.startsWith('#')))
      expect(page).toMatch(new RegExp(`<h\\d>${html(heading.replace(/^#+ /, '')).replace(/[.*+?()[\]]/g, '\\$&')}`));
    const cells = markdownCells(md);
    expect(cells).toContain(HOSTILE.question);
    for (const cell of cells) expect(page, cell).toContain(`>${html(cell)}</t`);
    expect(page).not.toContain('<lighthouse>');
    expect(page).not.toContain('<b>');
  });

  it('a file name (the old form) or an existing file is refused in one line, before anything runs', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'not a folder');
    const cases: [string, string][] = [
      ['run.md', 'run.md is a file name (try --report run)'],
      ['out/run.html', 'out/run.html is a file name (try --report out/run)'],
      [file, `${file} is a file`],
    ];
    for (const [report, why] of cases) {
      const r = await cited('eval', '--dataset', dataset, '--corpus', corpus, '--report', report);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `cited: --report takes a folder, where it writes report.md and report.html: ${why} [INVALID_REQUEST]\n`,
      );
    }
    expect(existsSync(join(REPO, 'run.md'))).toBe(false);
  });
});

describe('cited eval --suite … --report DIR', () => {
  it('reports the sets side by side, then each set with its wrong answers', async () => {
    const suite = join(tempDir(), 'sets.json');
    const set = { questions: dataset, corpus };
    writeFileSync(
      suite,
      JSON.stringify({
        sets: [
          { name: 'mine', role: 'tuning', ...set },
          { name: 'theirs', role: 'heldout', ...set },
        ],
      }),
    );
    const dir = join(tempDir(), 'suite-report');
    const r = await cited('eval', '--suite', suite, '--report', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report: ${join(dir, 'report.md')}\nreport: ${join(dir, 'report.html')}\n`);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('\n|  | mine (tuning) | theirs (held-out) |\n');
    expect(md).toContain('\n## mine (tuning)\n');
    expect(md).toContain('\n## theirs (heldout)\n');
    expect(md.match(/\n### Wrong answers\n/g)).toHaveLength(2);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page.match(/<h3>Wrong answers<\/h3>/g)).toHaveLength(2);
    for (const cell of markdownCells(md)) expect(page, cell).toContain(`>${html(cell)}</t`);
  });
});
