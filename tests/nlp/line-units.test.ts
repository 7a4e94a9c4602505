import { describe, expect, it } from 'vitest';
import { sentenceSpans } from '../../src/nlp/index.js';

/** The units of a text, each checked to be exactly the text at its offsets. */
const unitsOf = (text: string): string[] =>
  sentenceSpans(text).map((s) => {
    const unit = text.slice(s.start, s.end);
    expect(unit).toBe(unit.trim());
    return unit;
  });

describe('sentence units of lists, tables and headings', () => {
  it('makes each item of a Markdown list its own unit, whatever its marker', () => {
    const text =
      'Before first use:\n- Remove all packaging\n* Rinse the carafe\n+ Fill the tank to MAX\n' +
      '1. Press Power\n2. Wait for the light\n3) Press Brew';
    expect(unitsOf(text)).toEqual([
      'Before first use:',
      '- Remove all packaging',
      '* Rinse the carafe',
      '+ Fill the tank to MAX',
      '1. Press Power',
      '2. Wait for the light',
      '3) Press Brew',
    ]);
  });

  it('keeps a wrapped list item whole, and splits the sentences inside one item as prose', () => {
    const text = '- The auto shut-off turns the heater\n  off after 40 minutes.\n- Descale monthly. Use citric acid.';
    expect(unitsOf(text)).toEqual([
      '- The auto shut-off turns the heater\n  off after 40 minutes.',
      '- Descale monthly.',
      'Use citric acid.',
    ]);
  });

  it('makes each row of a Markdown table one unit, punctuation and all, and drops the delimiter row', () => {
    const text = '| Part | Care |\n|:-----|-----:|\n| Carafe | Dishwasher safe. Top rack only. |\n| Lid | Hand wash |';
    expect(unitsOf(text)).toEqual([
      '| Part | Care |',
      '| Carafe | Dishwasher safe. Top rack only. |',
      '| Lid | Hand wash |',
    ]);
  });

  it('reads a row whose cells are joined by " | " (an HTML table row) as one unit', () => {
    expect(unitsOf('Max. power | 1,450 W. Do not use an extension lead.')).toEqual([
      'Max. power | 1,450 W. Do not use an extension lead.',
    ]);
  });

  it('keeps a Markdown heading apart from the list or prose right under it, and prose apart from a heading', () => {
    const text = '## Cleaning\n- Wipe the hot plate\n- Empty the drip tray\n### Storage\nKeep it dry\n# Warranty';
    expect(unitsOf(text)).toEqual([
      '## Cleaning',
      '- Wipe the hot plate',
      '- Empty the drip tray',
      '### Storage',
      'Keep it dry',
      '# Warranty',
    ]);
  });

  it('still joins hard-wrapped prose into one sentence', () => {
    const text =
      'The carafe keeps coffee warm for\nup to two hours when the hot plate\nis switched on. A second one follows.';
    expect(unitsOf(text)).toEqual([
      'The carafe keeps coffee warm for\nup to two hours when the hot plate\nis switched on.',
      'A second one follows.',
    ]);
  });

  it('joins a wrapped line that begins with a number outside a list, and prose holding " | " far in', () => {
    const subscripts = 'Oxygen gas (O\n2) can be toxic at elevated partial pressures.';
    expect(unitsOf(subscripts)).toEqual([subscripts]);
    const prose =
      'Bounding the computation time above by some concrete function often yields classes that depend on the ' +
      'model. For instance, the language {xx | x is any binary string} can be solved in linear time.';
    expect(unitsOf(prose)).toHaveLength(2);
  });

  it('keeps offsets exact across CRLF line ends and indented items', () => {
    const text = '# Tips\r\n  - Use filtered water\r\n  - Clean weekly\r\n\r\n| a | b |\r\n| c | d |';
    expect(unitsOf(text)).toEqual(['# Tips', '- Use filtered water', '- Clean weekly', '| a | b |', '| c | d |']);
  });
});
