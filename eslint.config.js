// ESLint flat config: typescript-eslint's recommended rules everywhere, plus the type-aware rules that catch real
// bugs in this code base (promises dropped or passed where a callback is expected, needless assertions).
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// One line length for the formatter and the linter: Prettier wraps code at printWidth but cannot break a string,
// template literal, regex or comment, so max-len holds those to the same width. Only a line holding a URL is let
// off (a URL cannot be cut); a line that truly cannot be broken says why with an eslint-disable-next-line comment.
const { printWidth } = JSON.parse(readFileSync(new URL('./.prettierrc.json', import.meta.url), 'utf8'));

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'bench/langchain/', 'bench/results/', 'evals/datasets/', 'tests/artifacts/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: { 'max-len': ['error', { code: printWidth, ignoreUrls: true }] },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
