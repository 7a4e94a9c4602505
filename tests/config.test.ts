import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to fully offline', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', corpusDir: 'corpus', indexDir: '.cited/index', embeddings: 'local', llm: 'extractive', rateLimit: 60 });
  });

  it('switches to the LLM when an upstream is configured', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm).toBe('openai');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', CITED_LLM: 'extractive' }).llm).toBe('extractive');
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT is invalid/],
    [{ CITED_EMBEDDINGS: 'magic' }, /^CITED_EMBEDDINGS is invalid/],
    [{ CITED_LLM: 'gpt' }, /^CITED_LLM is invalid/],
    [{ OPENAI_BASE_URL: 'not a url' }, /^OPENAI_BASE_URL is invalid/],
    [{ CITED_RATE_LIMIT: '-1' }, /^CITED_RATE_LIMIT is invalid/],
    [{ CITED_EMBEDDINGS: 'openai' }, /CITED_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('splits list variables', () => {
    expect(loadConfig({ CITED_API_KEYS: 'a, b,,c', CITED_CORS_ORIGINS: 'https://x.org' })).toMatchObject({ apiKeys: ['a', 'b', 'c'], corsOrigins: ['https://x.org'] });
  });
});
