import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const run = promisify(execFile);

// The attack: each question one unique 1,990-letter word (the API's limit is 2,000 characters).
const QUESTIONS = 20_000;
const LETTERS = 1_990;
const WARMUP = 1_000;
// Generous: every cache these questions reach fits in far less; the code before the fix grew ≈ 3 kB a question
// (heap +57 MB over these 19,000), and kept growing.
const BOUND = 30 * 1024 * 1024;

describe('unique long queries', () => {
  it(`keep the live heap within ${BOUND / 2 ** 20} MB of its size after the first ${WARMUP} questions`, async () => {
    const script = join(REPO, 'tests', 'helpers', 'unique-queries.ts');
    const args = ['--expose-gc', '--import', 'tsx', script, String(QUESTIONS), String(LETTERS), String(WARMUP)];
    const { stdout } = await run(process.execPath, args, { cwd: REPO, maxBuffer: 1024 * 1024 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { after: number; end: number; refused: number };
    expect(result.refused).toBe(QUESTIONS);
    expect(result.end - result.after).toBeLessThan(BOUND);
  }, 180_000);
});
