import { describe, expect, it } from 'vitest';
import { formatDate, resolveRelative } from '../../src/rag/index.js';

describe('relative dates', () => {
  it.each([
    ['eight days ago', 'around 28 November 2024'],
    ['3 days ago', 'around 3 December 2024'],
    ['two weeks ago', 'around 22 November 2024'],
    ['yesterday', '5 December 2024'],
    ['last week', 'the week of 25 November 2024'],
    ['Earlier this week', 'the week of 2 December 2024'],
    ['last month', 'November 2024'],
    ['last year', '2023'],
    ['13-year civil war', 'since about 2011'],
  ])('%s, written on 2024-12-06, means %s', (expr, expected) => {
    expect(resolveRelative(expr, '2024-12-06')?.text).toBe(expected);
  });

  it('leaves absolute dates alone', () => {
    expect(resolveRelative('2011', '2024-12-06')).toBeUndefined();
    expect(resolveRelative('in March', '2024-12-06')).toBeUndefined();
  });

  it('formats calendar dates without time-zone drift', () => {
    expect(formatDate('2024-12-06')).toBe('6 December 2024');
    expect(formatDate('2025-01-01')).toBe('1 January 2025');
  });
});
