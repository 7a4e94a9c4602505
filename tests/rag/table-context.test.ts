import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { cellSpans } from '../../src/rag/table-context.js';
import { corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const MUSEUM = `<!doctype html><html><head><title>Visiting the harbour town</title></head><body>
<h2>The heritage museum</h2>
<p>The heritage museum is in the old railway station.</p>
<table>
<caption>Museum opening hours and admission prices</caption>
<tr><th>Season</th><th>Hours</th><th>Adult</th><th>Child</th><th>Concession</th></tr>
<tr><td>Summer</td><td>10am – 5pm</td><td>£7.50</td><td>£3.50</td><td>£6.00</td></tr>
<tr><td>Winter</td><td>11am – 3pm</td><td>£6.00</td><td>£2.50</td><td>£4.50</td></tr>
</table>
<h2>Plans</h2>
<table>
<tr><th>Plan</th><th>Price per user per month</th><th>Price per user per year</th></tr>
<tr><td>Team</td><td>€6</td><td>€60</td></tr>
<tr><td>Enterprise</td><td>€14</td><td>€140</td></tr>
</table>
<p>The first resident permit for a household costs £60 a year.</p>
</body></html>`;

let rt: Runtime;
beforeAll(async () => {
  const dir = corpusOf({ 'visiting.html': MUSEUM });
  rt = await articleRuntime({ CITED_CORPUS_DIR: dir });
});

describe('table rows read under their header and caption', () => {
  it('splits a row into its cells with exact offsets', () => {
    const row = 'Winter | 11am – 3pm | £6.00';
    expect(cellSpans(row).map((c) => row.slice(c.start, c.end))).toEqual(['Winter', '11am – 3pm', '£6.00']);
    const md = '| Team | €6 |';
    expect(cellSpans(md).map((c) => md.slice(c.start, c.end))).toEqual(['Team', '€6']);
  });

  it.each([
    ["What's the child admission price at the museum in winter?", '£2.50'],
    ['What is the concession price for the museum in summer?', '£6.00'],
    ['What is the Enterprise price per user per year?', '€140'],
    ['What does the Team plan cost per user per month?', '€6'],
  ])('%s → the cell under the column the question names', async (question, value) => {
    const a = await rt.answers.ask({ question });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).toBe(value);
    for (const c of a.citations) expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
  });

  it('does not take one ordinal for another', async () => {
    const a = await rt.answers.ask({ question: 'What does a second resident permit cost?' });
    expect(a.shortAnswer).toBeUndefined();
  });
});

const REQUIREMENTS = `<!doctype html><html><head><title>Server requirements</title></head><body>
<h2>System requirements</h2>
<p>The requirements below are for the Stashbox Server. The agent itself needs little.</p>
<table>
<tr><th>Resource</th><th>Minimum</th><th>Recommended</th></tr>
<tr><td>Memory</td><td>4 GB</td><td>16 GB</td></tr>
<tr><td>Disk</td><td>40 GB</td><td>120 GB</td></tr>
</table>
</body></html>`;

describe('a table read under the paragraph that introduces it', () => {
  let open: Runtime;
  beforeAll(async () => {
    // The learned gates off: this tests which row and cell the answer path finds, not the fitted weights.
    const env = { CITED_CORPUS_DIR: corpusOf({ 'requirements.html': REQUIREMENTS }) };
    open = await articleRuntime(env, { gates: { answer: false, quote: false } });
  });

  it('answers from a row that never names what the table is about', async () => {
    const a = await open.answers.ask({ question: 'How much memory does the Stashbox Server need at minimum?' });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).toBe('4 GB');
    expect(a.citations[0].quote).toMatch(/^Memory/);
  });

  it('never quotes the header row as an answer: it names columns and states no value', async () => {
    for (const question of ['Which resource has a minimum?', 'What resources are recommended?']) {
      const a = await open.answers.ask({ question });
      for (const c of a.citations) expect(c.quote).not.toMatch(/^Resource/);
    }
  });
});
