import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CitedError } from '../../src/errors.js';
import { FsDictFiles } from '../../src/nlp/index.js';
import type { DictFile, DictFiles } from '../../src/nlp/index.js';
import { DictReader } from '../../src/nlp/wordnet-files.js';
import { tempDir } from '../helpers/fixtures.js';

/** Dictionary files held in memory, counting reads. */
class MemoryFiles implements DictFiles {
  reads = 0;
  constructor(private readonly content: Partial<Record<DictFile, Buffer>>) {}

  read(file: DictFile, position: number, length: number): Buffer {
    this.reads++;
    return this.content[file]!.subarray(position, position + length);
  }

  size(file: DictFile): number {
    return this.content[file]!.length;
  }
}

const LICENCE = Array.from({ length: 29 }, (_, i) => `  ${i + 1} This software and database is provided…  `);

/** A sorted index file: WordNet's licence lines, then one line per key, some long enough to span two reads. */
function indexFile(keys: string[]): Buffer {
  const lines = keys.map(
    (k, i) => `${k} v 1 1 @ 1 0 ${String(i).padStart(8, '0')}${i % 97 === 0 ? ' x'.repeat(280) : ''}`,
  );
  return Buffer.from([...LICENCE, ...lines].join('\n') + '\n', 'latin1');
}

const words = (n: number) =>
  Array.from({ length: n }, (_, i) => `w${i.toString(36).padStart(4, '0')}${i % 3 === 0 ? '_x' : ''}`).sort();

describe('DictReader: binary search in a sorted index file', () => {
  it('finds every key of a large file and no key that is absent', () => {
    const keys = words(6000);
    const files = new MemoryFiles({ 'index.verb': indexFile(keys) });
    const dict = new DictReader(files);
    for (const k of keys)
      expect(dict.findLine('index.verb', k)?.split(' ').slice(0, 8)).toEqual([
        k,
        'v',
        '1',
        '1',
        '@',
        '1',
        '0',
        expect.any(String),
      ]);
    expect(dict.findLine('index.verb', keys[0])).toContain(' 00000000');
    for (const absent of ['a', 'w', 'w0000_', 'w00zz0', 'zzzz', keys.at(-1)! + 'a', 'w0001_'])
      expect(dict.findLine('index.verb', absent)).toBeUndefined();
  });

  it('takes a bounded number of reads per lookup (a binary search, not a scan)', () => {
    const keys = words(6000);
    const files = new MemoryFiles({ 'index.verb': indexFile(keys) });
    const dict = new DictReader(files);
    const before = files.reads;
    dict.findLine('index.verb', keys[4321]);
    // ~log2(file size / 2 kB) probes, a final scan and the line itself: far below the 6,000 lines.
    expect(files.reads - before).toBeLessThan(20);
  });

  it('finds keys in a file smaller than one scan', () => {
    const files = new MemoryFiles({ 'index.adv': indexFile(['able', 'back', 'zany']) });
    const dict = new DictReader(files);
    expect(dict.findLine('index.adv', 'able')).toMatch(/^able v /);
    expect(dict.findLine('index.adv', 'zany')).toMatch(/^zany v /);
    expect(dict.findLine('index.adv', 'bac')).toBeUndefined();
    // A licence line is never a key.
    expect(dict.findLine('index.adv', '')).toBeUndefined();
  });
});

describe('DictReader: lines by offset', () => {
  it('reads a line longer than one read, and refuses one longer than any WordNet line', () => {
    const long = `00000000 ${'y'.repeat(5000)}`;
    const huge = `${'z'.repeat(20_000)}`;
    const data = Buffer.from(`${long}\n${huge}\nlast`, 'latin1');
    const dict = new DictReader(new MemoryFiles({ 'data.noun': data }));
    expect(dict.lineAt('data.noun', 0)).toBe(long);
    expect(dict.lineAt('data.noun', long.length + 1)).toBeUndefined();
    expect(dict.lineAt('data.noun', data.length - 4)).toBe('last');
    expect(dict.lineAt('data.noun', data.length)).toBeUndefined();
  });
});

describe('FsDictFiles', () => {
  it('names the file when the dictionary cannot be read', () => {
    const files = new FsDictFiles(() => join(tempDir(), 'no-such-dict'));
    expect(() => files.size('index.verb')).toThrow(CitedError);
    expect(() => files.read('index.verb', 0, 10)).toThrow(/WordNet file unreadable \(.*no-such-dict\/index\.verb\)/);
  });
});
