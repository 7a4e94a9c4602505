import { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderInfo } from '../types.js';

/**
 * A LangChain `Embeddings` that also says what it is (so an index can refuse a different embedder)
 * and hands out Float32 vectors directly, the form the index stores.
 */
export abstract class CitedEmbeddings extends Embeddings {
  abstract info(): EmbedderInfo;

  /** The full description, learning what only the backend can tell (a remote model's dimension). */
  async ready(): Promise<EmbedderInfo> {
    return this.info();
  }

  abstract embedVectors(texts: string[]): Promise<Float32Array[]>;

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.embedVectors(documents)).map((v) => Array.from(v));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [v] = await this.embedVectors([document]);
    return Array.from(v);
  }
}
