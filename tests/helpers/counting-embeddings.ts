import { LocalEmbeddings } from '../../src/embeddings/index.js';
import type { WordVectors } from '../../src/embeddings/index.js';

/** The real local embedder, counting what it embeds and optionally failing after N texts (a crash mid-ingest). */
export class CountingEmbeddings extends LocalEmbeddings {
  embedded = 0;
  failAfter = Infinity;

  constructor(words: WordVectors) {
    super(words);
  }

  override async embedVectors(texts: string[]): Promise<Float32Array[]> {
    if (this.embedded + texts.length > this.failAfter) throw new Error('simulated failure while embedding');
    this.embedded += texts.length;
    return super.embedVectors(texts);
  }
}
