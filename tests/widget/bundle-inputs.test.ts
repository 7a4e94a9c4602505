import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

/**
 * The widget is bundled for the browser on its own (package.json, build:widget). It shares the public types with
 * the server, which are derived from zod schemas: it must take them as types only, so no library (zod above all)
 * is bundled and shipped to every page that embeds it.
 */
describe('widget bundle', () => {
  it('is built from our own browser code only: no zod, no node_modules', async () => {
    const result = await build({
      entryPoints: [join(REPO, 'src', 'widget', 'main.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((p) => relative(REPO, join(REPO, p)));
    expect(inputs.filter((p) => p.includes('node_modules'))).toEqual([]);
    expect(inputs.every((p) => p.startsWith('src/'))).toBe(true);
    expect(inputs).toContain('src/widget/main.ts');
  });
});
