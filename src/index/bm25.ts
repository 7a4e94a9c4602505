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

  toJSON(): string {
    return JSON.stringify(this.mini);
  }

  search(query: string, k: number): TermHit[] {
    return this.mini
      .search(query, { combineWith: 'OR' })
      .slice(0, k)
      .map((r) => ({ row: r.id as number, score: r.score }));
  }
}
