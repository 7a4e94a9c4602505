import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKERS, citationMarker, markerNumbers, withoutMarkers } from '../src/citation-markers.js';
import { filterMarkers } from '../src/rag/marker-filter.js';
import { splitMarkers } from '../src/widget/markers.js';
import { REPO } from './helpers/fixtures.js';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? sourceFiles(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : [],
  );

// The tell-tale of a hand-written marker regex: the numbers part, "1" or "1, 2".
const MARKER_COPY = '{1,3}(?:\\s*,\\s*\\d{1,3})';

describe('citation markers', () => {
  it('finds "[1]" and "[1, 2]", and not a year, a word or an empty pair', () => {
    const text = 'Hama fell [1]. It is 110km south of Aleppo [1, 2].[3,4] In [2024] [a] [] [1234]';
    expect([...text.matchAll(MARKERS)].flatMap((m) => markerNumbers(m[1]))).toEqual([1, 1, 2, 3, 4]);
    expect(withoutMarkers(text)).toBe('Hama fell. It is 110km south of Aleppo. In [2024] [a] [] [1234]');
  });

  it('are written as they are read', () => {
    for (const ns of [[1], [1, 2], [3, 14, 20]]) {
      const [m] = citationMarker(ns).matchAll(MARKERS);
      expect(markerNumbers(m[1])).toEqual(ns);
    }
  });

  it('means the same to the server’s filter and the widget’s renderer', () => {
    const text = 'Aleppo fell first [1, 2], then Hama [3].';
    expect(filterMarkers(text, () => true).text).toBe(text);
    expect(splitMarkers(text).filter((s) => 'n' in s)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('is defined once, in src/citation-markers.ts', () => {
    const copies = sourceFiles(join(REPO, 'src'))
      .map((f) => relative(REPO, f))
      .filter((f) => f !== 'src/citation-markers.ts')
      .filter((f) => readFileSync(join(REPO, f), 'utf8').includes(MARKER_COPY));
    expect(copies).toEqual([]);
  });
});
