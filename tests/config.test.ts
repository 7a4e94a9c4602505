import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to fully offline', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      corpusDir: 'corpus',
      indexDir: '.cited/index',
      embeddings: 'local',
      mode: 'extractive',
      rateLimit: 60,
    });
  });

  it('switches to the LLM when an upstream is configured', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).mode).toBe('llm');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', CITED_LLM: 'extractive' }).mode).toBe('extractive');
  });

  it('names the answer mode as --mode and Answer.mode do, and still reads the first spelling "openai"', () => {
    const upstream = { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' };
    expect(loadConfig({ ...upstream, CITED_LLM: 'llm' }).mode).toBe('llm');
    expect(loadConfig({ ...upstream, CITED_LLM: 'openai' }).mode).toBe('llm');
    expect(() => loadConfig({ CITED_LLM: 'llm' })).toThrow(/CITED_LLM=llm needs OPENAI_API_KEY or OPENAI_BASE_URL/);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT is invalid/],
    [{ CITED_EMBEDDINGS: 'magic' }, /^CITED_EMBEDDINGS is invalid/],
    [{ CITED_LLM: 'gpt' }, /^CITED_LLM is invalid/],
    [{ OPENAI_BASE_URL: 'not a url' }, /^OPENAI_BASE_URL is invalid/],
    [{ CITED_RATE_LIMIT: '-1' }, /^CITED_RATE_LIMIT is invalid/],
    [{ CITED_EMBEDDINGS: 'openai' }, /CITED_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL/],
    [{ CITED_TRUST_PROXY: 'yes' }, /^CITED_TRUST_PROXY is invalid \(got "yes"\): .*hop count.*"yes"/],
    [{ CITED_TRUST_PROXY: '10.0.0.0/33' }, /^CITED_TRUST_PROXY is invalid .*"10\.0\.0\.0\/33"/],
    [{ CITED_TRUST_PROXY: '127.0.0.1, proxy.internal' }, /^CITED_TRUST_PROXY is invalid .*"proxy\.internal"/],
    [{ CITED_TRUST_PROXY: '1000' }, /^CITED_TRUST_PROXY is invalid .*at most/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads CITED_TRUST_PROXY as off, a hop count (true = 1), or a list of proxy addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toEqual({ mode: 'off' });
    for (const off of ['', 'false', '0'])
      expect(loadConfig({ CITED_TRUST_PROXY: off }).trustProxy).toEqual({ mode: 'off' });
    expect(loadConfig({ CITED_TRUST_PROXY: 'true' }).trustProxy).toEqual({ mode: 'hops', hops: 1 });
    expect(loadConfig({ CITED_TRUST_PROXY: '1' }).trustProxy).toEqual({ mode: 'hops', hops: 1 });
    expect(loadConfig({ CITED_TRUST_PROXY: '2' }).trustProxy).toEqual({ mode: 'hops', hops: 2 });
    expect(loadConfig({ CITED_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual({
      mode: 'list',
      proxies: ['127.0.0.1', '10.0.0.0/8', '::1'],
    });
  });

  it('refuses API keys that would leave the API open or could never be sent', () => {
    for (const value of [' ', ',', ' , ,']) {
      expect(() => loadConfig({ CITED_API_KEYS: value })).toThrow(/CITED_API_KEYS is invalid .*names no key/);
    }
    expect(() => loadConfig({ CITED_API_KEYS: 'good, sk x' })).toThrow(/CITED_API_KEYS .*white space/);
    expect(loadConfig({ CITED_API_KEYS: '' }).apiKeys).toEqual([]);
    // The message names the variable but never prints a secret.
    expect(() => loadConfig({ CITED_API_KEYS: 'sk-secret x' })).toThrow(/^(?!.*sk-secret)/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'sk-pasted-here' })).toThrow(
      /^OPENAI_BASE_URL is invalid \(got a value not shown\)/,
    );
  });

  it('takes a redis:// or rediss:// CITED_REDIS_URL, and never prints one it refuses (it may hold a password)', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ CITED_REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(loadConfig({ CITED_REDIS_URL: 'rediss://:pw@cache.example:6380/2' }).redisUrl).toBe(
      'rediss://:pw@cache.example:6380/2',
    );
    for (const value of ['http://:s3cret@cache.example:6379', 'cache.example:6379']) {
      expect(() => loadConfig({ CITED_REDIS_URL: value })).toThrow(
        /^CITED_REDIS_URL is invalid \(got a value not shown\): expected redis:\/\/… or rediss:\/\/…$/,
      );
    }
  });

  it('CITED_STORE: a postgres:// URL picks the PostgreSQL store; unset, the index files; a bad one is never printed', () => {
    expect(loadConfig({}).store).toBeUndefined();
    expect(loadConfig({ CITED_STORE: '' }).store).toBeUndefined();
    const url = 'postgres://cited:hunter2@db.internal:5432/cited';
    expect(loadConfig({ CITED_STORE: url }).store).toBe(url);
    expect(loadConfig({ CITED_STORE: 'postgresql://db/cited' }).store).toBe('postgresql://db/cited');
    expect(() => loadConfig({ CITED_STORE: 'mysql://cited:hunter2@db/cited' })).toThrow(
      /^CITED_STORE is invalid \(got a value not shown\): expected a postgres:\/\//,
    );
    expect(() => loadConfig({ CITED_STORE: 'mysql://cited:hunter2@db/cited' })).toThrow(/^(?!.*hunter2)/);
  });

  it('splits list variables', () => {
    expect(loadConfig({ CITED_API_KEYS: 'a, b,,c', CITED_CORS_ORIGINS: 'https://x.org' })).toMatchObject({
      apiKeys: ['a', 'b', 'c'],
      corsOrigins: ['https://x.org'],
    });
  });
});
