import MiniSearch from 'minisearch';
import { isStopword, stem } from '../nlp/index.js';

export interface TermHit {
  row: number;
  score: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The one tokenizer for BM25, shared by indexing and querying: lower case, no stop words, Porter2 stems. */
export function bm25Terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0].replace(/['’]s$/, '');
    if (!isStopword(w)) out.push(stem(w));
  }
  return out;
}

const options = {
  fields: ['text'],
  idField: 'row',
  tokenize: bm25Terms,
  processTerm: (t: string) => t,
};

const ascending = (a: number, b: number) => a - b;

/** The MiniSearch 7 fields its toJSON reads (see toJSON below). */
interface MiniInternals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

/** BM25 full-text ranking over chunk rows, via MiniSearch. */
export class Bm25Index {
  private constructor(private readonly mini: MiniSearch<{ row: number; text: string }>) {}

  static build(texts: string[]): Bm25Index {
    const mini = new MiniSearch<{ row: number; text: string }>(options);
    mini.addAll(texts.map((text, row) => ({ row, text })));
    return new Bm25Index(mini);
  }

  static fromJSON(json: string): Bm25Index {
    return new Bm25Index(MiniSearch.loadJSON<{ row: number; text: string }>(json, options));
  }

  /**
   * Exactly the text of `JSON.stringify(this.mini)` (tests/index/bm25.test.ts checks it), written without
   * MiniSearch's own toJSON: that one first turns every term's postings Map into an object keyed by integers, and
   * the garbage collector spends most of its time on those. On the SQuAD dev chunks: 340–400 ms → 90 ms,
   * a quarter of the whole ingest. Reads MiniSearch 7 internals, pinned in package.json.
   */
  toJSON(): string {
    const m = this.mini as unknown as MiniInternals;
    const terms: string[] = [];
    for (const [term, fields] of m._index) {
      let data = '';
      for (const fieldId of [...fields.keys()].sort(ascending)) {
        const freqs = fields.get(fieldId)!;
        // Object keys that are integers come out in ascending order, whatever order they were added in.
        const docs = [...freqs.keys()].sort(ascending);
        let list = '';
        for (const d of docs) list += `${list ? ',' : ''}"${d}":${JSON.stringify(freqs.get(d))}`;
        data += `${data ? ',' : ''}"${fieldId}":{${list}}`;
      }
      terms.push(`[${JSON.stringify(term)},{${data}}]`);
    }
    const head = JSON.stringify({
      documentCount: m._documentCount, nextId: m._nextId, documentIds: Object.fromEntries(m._documentIds), fieldIds: m._fieldIds,
      fieldLength: Object.fromEntries(m._fieldLength), averageFieldLength: m._avgFieldLength,
      storedFields: Object.fromEntries(m._storedFields), dirtCount: m._dirtCount,
    });
    return `${head.slice(0, -1)},"index":[${terms.join(',')}],"serializationVersion":2}`;
  }

  search(query: string, k: number): TermHit[] {
    return this.mini
      .search(query, { combineWith: 'OR' })
      .slice(0, k)
      .map((r) => ({ row: r.id as number, score: r.score }));
  }
}
