import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

/** A product manual's spec page as users have them: the values live in a table, each beside its label. */
const SPECS_HTML = `<!doctype html><html><head><title>Brewmaster 300 specifications</title></head><body>
<h1>Brewmaster 300 specifications</h1>
<p>The Brewmaster 300 is a drip coffee maker for home kitchens.</p>
<table>
  <thead><tr><th>Feature</th><th>Specification</th></tr></thead>
  <tbody>
    <tr><td>Water tank</td><td>1.8 L, removable, top-fill</td></tr>
    <tr><td>Power</td><td>1,450 W</td></tr>
    <tr><td>Cable length</td><td>95 cm</td></tr>
    <tr><td>Weight</td><td>3.2 kg</td></tr>
  </tbody>
</table>
<p>Keep the machine on a flat, dry surface away from the edge of the counter.</p>
</body></html>`;

let rt: Runtime;
beforeAll(async () => {
  const dir = corpusOf({ 'specifications.html': SPECS_HTML });
  rt = await articleRuntime({ CITED_CORPUS_DIR: dir });
});

describe('answers from an HTML spec table', () => {
  it('quotes the row that holds the asked value, label and value together, verbatim', async () => {
    const a = await rt.answers.ask({ question: 'How big is the water tank?' });
    expect(a.refused).toBe(false);
    const quotes = a.citations.map((c) => c.quote);
    expect(quotes).toContain('Water tank | 1.8 L, removable, top-fill');
    for (const c of a.citations) expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
  });
});
