import { describe, expect, it } from 'vitest';
import { filterMarkers, MarkerFilter } from '../../src/rag/index.js';

const valid = (n: number) => n >= 1 && n <= 3;

describe('citation marker filter', () => {
  it('drops markers that name no source and keeps the rest', () => {
    expect(filterMarkers('A [1]. B [9]. C [2, 9]. D [4][3].', valid)).toEqual({
      text: 'A [1]. B. C [2]. D [3].',
      dropped: 3,
    });
  });

  it('handles markers split across streamed pieces', () => {
    const f = new MarkerFilter(valid);
    const out =
      ['Hama [', '1', '] is big [', '9]', ' and [2', ', 7]', ' ok [x] [12'].map((p) => f.push(p)).join('') + f.flush();
    expect(out).toBe('Hama [1] is big  and [2] ok [x] [12');
    expect(f.dropped).toBe(2);
  });

  it('passes brackets that are not markers through untouched', () => {
    expect(filterMarkers('See [note] and [ 1 ] and arrays[0].', valid).text).toBe(
      'See [note] and [ 1 ] and arrays[0].',
    );
  });
});
