import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { openQuestion } from '../../src/rag/index.js';
import { corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const FAQ = `---
title: Backup FAQ
date: 2025-04-14
---

# Troubleshooting

The agent restarts itself after an update.

If a backup fails, the administrator should check these common causes first:

- Clock skew detected: the device clock is more than five minutes off.
- Repository full: the licensed storage is used up.
- Antivirus locks: a scanner holds the files open.

Support answers within one business day.
`;

let rt: Runtime;
beforeAll(async () => {
  rt = await articleRuntime({ CITED_CORPUS_DIR: corpusOf({ 'faq.md': FAQ }) });
});

describe('lists stay whole', () => {
  it('reads "list the …" as asking for the items of a list', () => {
    expect(openQuestion('List the common causes of a failed backup.')).toEqual({
      kind: 'topic',
      topic: 'the common causes of a failed backup',
    });
  });

  it('quotes a lead-in sentence with every item of the list it introduces, each cited verbatim', async () => {
    const a = await rt.answers.ask({ question: 'List the common causes of a failed backup.' });
    expect(a.refused).toBe(false);
    const quotes = a.citations.map((c) => c.quote);
    expect(quotes.some((q) => q.endsWith('causes first:'))).toBe(true);
    for (const item of ['Clock skew detected', 'Repository full', 'Antivirus locks'])
      expect(
        quotes.some((q) => q.includes(item)),
        item,
      ).toBe(true);
    for (const c of a.citations) expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(quotes.join(' ')).not.toMatch(/Support answers/);
  });
});
