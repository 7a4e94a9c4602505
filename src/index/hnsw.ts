import hnswlib from 'hnswlib-node';

export interface VectorHit {
  row: number;
  similarity: number;
}

/**
 * Build-time beam width: hnswlib's usual 200. 64 built the SQuAD chunks' graph 2.6× faster with the same eval
 * figures, but at 100k chunks 100 already loses 2.2 points of recall@50 (`bench/hnsw-construction.ts`), and the
 * word-vector ANN benchmark uses this setting too.
 */
const EF_CONSTRUCTION = 200;

/** Cosine HNSW over chunk rows (label = row). */
export class HnswIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dims: number,
  ) {}

  static build(vectors: Float32Array[], dims: number, opts: { m?: number; efConstruction?: number } = {}): HnswIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dims);
    index.initIndex(Math.max(1, vectors.length), opts.m ?? 16, opts.efConstruction ?? EF_CONSTRUCTION, 42);
    vectors.forEach((v, row) => index.addPoint(Array.from(v), row));
    return new HnswIndex(index, dims);
  }

  static read(path: string, dims: number): HnswIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dims);
    index.readIndexSync(path);
    return new HnswIndex(index, dims);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    // ef below k would cap recall at ef results.
    this.index.setEf(Math.max(64, n));
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), n);
    return neighbors.map((row, i) => ({ row, similarity: 1 - distances[i] }));
  }
}
