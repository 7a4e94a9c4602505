import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval, runSuite } from '../../src/cli/eval-command.js';
import { loadConfig } from '../../src/config.js';
import { REPO, SQUAD_DIR, tempDir } from '../helpers/fixtures.js';

/** The quality gate: `cited eval` offline must stay at or above the floors committed in evals/thresholds.json. */
const floors = JSON.parse(readFileSync(join(REPO, 'evals', 'thresholds.json'), 'utf8'));
const quiet = { log: () => {}, progress: () => {}, print: () => {} };
const config = () =>
  loadConfig({ CITED_CORPUS_DIR: join(REPO, 'corpus'), CITED_INDEX_DIR: tempDir(), CITED_LLM: 'extractive' });

describe('quality gate', () => {
  it('the seed set (evals/seed.jsonl) stays above its floors', async () => {
    const { summary: s, items } = await runEval(config(), { dataset: join(REPO, 'evals', 'seed.jsonl') }, quiet);
    const wrong = items.filter((i) => !i.correct).map((i) => `${i.id} ${i.question}`);
    if (wrong.length) console.log(`seed: wrong (${wrong.length}):\n  ${wrong.join('\n  ')}`);
    const f = floors.seed;
    expect(s.count).toBeGreaterThanOrEqual(60);
    expect(s.unanswerable).toBeGreaterThanOrEqual(15);
    expect(s.accuracy).toBeGreaterThanOrEqual(f.accuracy);
    expect(s.answerableAccuracy).toBeGreaterThanOrEqual(f.answerableAccuracy);
    expect(s.refusal.recall).toBeGreaterThanOrEqual(f.refusalRecall);
    expect(s.refusal.falseRefusalRate).toBeLessThanOrEqual(f.falseRefusalRate);
    expect(s.citations.verbatim).toBeGreaterThanOrEqual(f.citationsVerbatim);
    expect(s.retrieval.hitAt3).toBeGreaterThanOrEqual(f.hitAt3);
  });

  it('each held-out set (evals/sets.json) stays above its floors, reported beside the tuning set', async () => {
    const results = await runSuite(config(), { suite: join(REPO, 'evals', 'sets.json') }, quiet);
    const heldout = results.filter((r) => r.set.role === 'heldout');
    expect(heldout.map((r) => r.set.name).sort()).toEqual(['article', 'handbook', 'manual']);
    for (const { set, summary: s } of heldout) {
      const f = floors.heldout[set.name];
      console.log(
        `${set.name}: answerable right ${s.answerableAccuracy.toFixed(3)}, refused ${s.refusal.recall.toFixed(3)}, ` +
          `wrong short answers ${s.wrongShortRate!.toFixed(3)}`,
      );
      expect(s.count, set.name).toBeGreaterThanOrEqual(50);
      expect(s.unanswerable / s.count, set.name).toBeGreaterThanOrEqual(0.3);
      expect(s.answerableAccuracy, set.name).toBeGreaterThanOrEqual(f.answerableAccuracy);
      expect(s.refusal.recall, set.name).toBeGreaterThanOrEqual(f.refusalRecall);
      expect(s.wrongShortRate, set.name).toBeLessThanOrEqual(f.wrongShortRate);
      expect(s.citations.verbatim, set.name).toBe(1);
    }
  }, 120_000);

  it('a fixed SQuAD 2.0 dev-half sample stays above its floors', async () => {
    const f = floors.squadDevSample;
    const squad = join(SQUAD_DIR, 'dev-v2.0.json');
    const { summary: s } = await runEval(config(), { squad, split: f.split, sample: f.sample, seed: f.seed }, quiet);
    const { f1, HasAns_f1, NoAns_exact } = s.squad!;
    const strict = s.squadStrict!.f1;
    console.log(
      `SQuAD dev sample: F1 strict ${strict.toFixed(2)} / lenient ${f1.toFixed(2)}, ` +
        `HasAns F1 ${HasAns_f1!.toFixed(2)}, NoAns ${NoAns_exact!.toFixed(2)}`,
    );
    // The headline: what the reader sees (the short answer, else the first quote) against the gold answers.
    expect(strict).toBeGreaterThanOrEqual(f.strictF1);
    expect(s.squad!.total).toBe(f.sample);
    expect(s.squad!.f1).toBeGreaterThanOrEqual(f.f1);
    expect(s.squad!.HasAns_f1).toBeGreaterThanOrEqual(f.hasAnsF1);
    expect(s.squad!.NoAns_exact).toBeGreaterThanOrEqual(f.noAnsExact);
    expect(s.retrieval.hitAt5).toBeGreaterThanOrEqual(f.paragraphHitAt5);
    expect(s.citations.verbatim).toBe(1);
  }, 120_000);
});
