import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { OpenAIEmbeddings } from '../../src/embeddings/index.js';
import { sameEmbedder } from '../../src/index/index.js';
import type { EmbedderInfo } from '../../src/types.js';

const built: EmbedderInfo = { name: 'openai', model: 'text-embedding-3-small', dims: 1536 };

/**
 * One rule decides whether stored vectors go with the configured embedder, both where the runtime refuses to serve
 * an index (INDEX_EMBEDDER_MISMATCH) and where an ingest decides whether it may reuse the previous vectors.
 */
describe('sameEmbedder: one rule for "these vectors came from this embedder"', () => {
  it('needs the same name and model', () => {
    expect(sameEmbedder(built, { ...built })).toBe(true);
    expect(sameEmbedder(built, { ...built, model: 'text-embedding-3-large' })).toBe(false);
    expect(sameEmbedder(built, { ...built, name: 'local' })).toBe(false);
  });

  it('needs the same dimension whenever the configured embedder knows its own', () => {
    expect(sameEmbedder(built, { ...built, dims: 512 })).toBe(false);
  });

  it('accepts a dimension not known yet (0): a remote model learns it from its first answer', () => {
    // Why the rule has this clause: before its first request, the OpenAI embedder cannot say its dimension, and
    // asking the model at startup only to check it would cost a network round trip (and fail offline).
    const unprobed = new OpenAIEmbeddings({
      client: new OpenAI({ apiKey: 'unused', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 }),
      model: built.model,
    }).info();
    expect(unprobed.dims).toBe(0);
    expect(sameEmbedder(built, unprobed)).toBe(true);
    // The unknown dimension never excuses a different model.
    expect(sameEmbedder(built, { ...unprobed, model: 'another' })).toBe(false);
  });
});
