import type OpenAI from 'openai';
import { CitedError } from '../errors.js';
import type { EmbedderInfo } from '../types.js';
import { CitedEmbeddings } from './cited-embeddings.js';
import { normalise } from './local-embeddings.js';

export interface OpenAIEmbeddingsOptions {
  client: OpenAI;
  model: string;
  /** Inputs per request; the API accepts up to 2048. */
  batchSize?: number;
  /** Known dimension; otherwise learnt from the first response. */
  dims?: number;
}

/** Embeddings from any OpenAI-compatible `/v1/embeddings`, batched, through the official SDK. */
export class OpenAIEmbeddings extends CitedEmbeddings {
  private dims: number;

  constructor(private readonly opts: OpenAIEmbeddingsOptions) {
    // The openai SDK already retries with backoff; a second retry layer would multiply waits.
    super({ maxRetries: 0 });
    this.dims = opts.dims ?? 0;
  }

  info(): EmbedderInfo {
    return { name: 'openai', model: this.opts.model, dims: this.dims };
  }

  /** Learns the dimension with one small request when it is not known yet. */
  override async ready(): Promise<EmbedderInfo> {
    if (!this.dims) await this.embedVectors(['dimension probe']);
    return this.info();
  }

  async embedVectors(texts: string[]): Promise<Float32Array[]> {
    const size = this.opts.batchSize ?? 256;
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size).map((t) => t || ' ');
      let res: OpenAI.Embeddings.CreateEmbeddingResponse;
      try {
        res = await this.opts.client.embeddings.create({ model: this.opts.model, input: batch });
      } catch (e) {
        throw new CitedError('EMBEDDINGS_FAILED', `embeddings request failed: ${(e as Error).message}`, { cause: e });
      }
      const rows = [...res.data].sort((a, b) => a.index - b.index);
      if (rows.length !== batch.length) {
        throw new CitedError(
          'EMBEDDINGS_FAILED',
          `embeddings server returned ${rows.length} vectors for ${batch.length} inputs`,
        );
      }
      for (const row of rows) out.push(normalise(Float32Array.from(row.embedding)));
    }
    if (out.length && !this.dims) this.dims = out[0].length;
    return out;
  }
}
