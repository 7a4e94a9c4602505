import { describe, expect, it } from 'vitest';
import { paragraphs } from '../../src/widget/answer-text.js';

describe('the widget’s answer paragraphs', () => {
  const quote = 'Travel insurance is arranged by the company and covers medical costs up to €2 million per trip.';

  it('shows the sentences after the offline lead as a quote, without the lead', () => {
    const answer = `110km [1]\n\nAs of 6 December 2024, the source says: Hama is 110km south of Aleppo. [1]`;
    expect(paragraphs(answer, true)).toEqual([
      { quoted: false, text: '110km [1]' },
      { quoted: true, text: 'Hama is 110km south of Aleppo. [1]' },
    ]);
  });

  it('shows an undated document’s quoted sentences as a quote: a paragraph of cited quotes alone', () => {
    const answer = `Up to €2 million [1]\n\n${quote} [1] Receipts are due in 30 days. [2]`;
    expect(paragraphs(answer, true, [quote, 'Receipts are due in 30 days.']).map((p) => p.quoted)).toEqual([
      false,
      true,
    ]);
    // Words of its own beside the quotes: prose, not a quote.
    expect(paragraphs(`Note: ${quote} [1]`, true, [quote])[0].quoted).toBe(false);
    // An LLM's paragraph is its own writing even when it repeats a quote word for word.
    expect(paragraphs(`${quote} [1]`, false, [quote])[0].quoted).toBe(false);
  });
});
