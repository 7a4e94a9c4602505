import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { corpusOf, tempDir } from '../helpers/fixtures.js';

function cited(indexDir: string, ...args: string[]): Promise<CliResult> {
  const env = {
    ...process.env,
    CITED_INDEX_DIR: indexDir,
    CITED_LLM: 'extractive',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
  };
  return runCli(args, { env });
}

const QUESTIONS = [
  { id: 'built', question: 'When was the lighthouse built?', answers: ['1874'], answerable: true },
  { id: 'range', question: 'How far away can its light be seen?', answers: ['18 miles'], answerable: true },
  { id: 'peru', question: 'What is the capital of Peru?', answers: [], answerable: false },
];
const LIGHTHOUSE = 'The lighthouse was built in 1874. Its light can be seen from 18 miles away.';

/** A folder holding a dataset about the lighthouse and, in docs/, the lighthouse's document. */
function datasetFolder(header?: object): { dataset: string; docs: string } {
  const dir = tempDir('cited-dataset-');
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'lighthouse.txt'), LIGHTHOUSE);
  const lines = [...(header ? [header] : []), ...QUESTIONS].map((l) => JSON.stringify(l));
  writeFileSync(join(dir, 'questions.jsonl'), lines.join('\n'));
  return { dataset: join(dir, 'questions.jsonl'), docs: join(dir, 'docs') };
}

/** An index built by `cited ingest` from a folder about something else. */
async function indexOfOtherDocuments(): Promise<{ indexDir: string; other: string }> {
  const other = corpusOf({ 'ferry.txt': 'The ferry to the island leaves at noon.' });
  const indexDir = tempDir();
  expect((await cited(indexDir, 'ingest', other)).code).toBe(0);
  return { indexDir, other };
}

const refusal = (what: string) => `cited: ${what} [INVALID_REQUEST]\n`;

describe('cited eval refuses an index built from other documents', () => {
  it('a dataset without a header: by its gold answers, none of which the index holds', async () => {
    const { indexDir, other } = await indexOfOtherDocuments();
    const { dataset } = datasetFolder();
    const r = await cited(indexDir, 'eval', '--dataset', dataset);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      refusal(
        `${dataset} asks about other documents than the index (built from ${other}): only 0 of its 2 answerable ` +
          'questions has a gold answer in the indexed text; rebuild the index with `cited ingest <folder>` or pass ' +
          '--corpus <folder>, the folder of its documents',
      ),
    );
  });

  it('a dataset whose header names its folder: the fix names it too', async () => {
    const { indexDir, other } = await indexOfOtherDocuments();
    const { dataset, docs } = datasetFolder({ corpus: 'docs' });
    const r = await cited(indexDir, 'eval', '--dataset', dataset);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      refusal(
        `${dataset} asks about other documents than the index (built from ${other}): none of its corpus folder's ` +
          `files is in it; rebuild the index with \`cited ingest ${docs}\` or pass --corpus ${docs}`,
      ),
    );
    const wrongFolder = await cited(tempDir(), 'eval', '--dataset', dataset, '--corpus', other);
    expect(wrongFolder.code).toBe(1);
    expect(wrongFolder.stderr).toBe(
      refusal(
        `${dataset} asks about other documents than --corpus ${other}: none of its corpus folder's files is in it; ` +
          `pass --corpus ${docs}, its documents' folder`,
      ),
    );
  });

  it("a header's documents must all be indexed; with them, the dataset is asked", async () => {
    const { dataset, docs } = datasetFolder({ corpus: 'docs', documents: ['lighthouse', 'harbour-rules'] });
    const indexDir = tempDir();
    expect((await cited(indexDir, 'ingest', docs)).code).toBe(0);
    const r = await cited(indexDir, 'eval', '--dataset', dataset);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/: it names 1 document\(s\) the index does not hold \(harbour-rules\); rebuild the index/);

    const fits = datasetFolder({ corpus: 'docs', documents: ['lighthouse'] });
    const ok = await cited(indexDir, 'eval', '--dataset', fits.dataset);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^questions +3 \(2 answerable, 1 not\)$/m);
  });

  it('a set of evals/sets.json (no header): its folder comes from sets.json', async () => {
    const { indexDir } = await indexOfOtherDocuments();
    const r = await cited(indexDir, 'eval', '--dataset', join('evals', 'seed.jsonl'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /none of its corpus folder's files is in it; rebuild the index with `cited ingest corpus`/,
    );
  });
});
