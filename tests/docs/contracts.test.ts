import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACTS_PAGE, CONTRACTS_SCHEMA, renderContracts, renderSchema } from '../../docs/contracts.js';

/** docs/contracts.md and docs/contracts.schema.json are generated from the zod schemas: run `npm run contracts`. */
describe('contracts', () => {
  const page = readFileSync(CONTRACTS_PAGE, 'utf8');

  it('docs/contracts.md holds what the schemas say now', () => {
    expect(renderContracts(page)).toBe(page);
  });

  it('docs/contracts.schema.json holds what the schemas say now', async () => {
    expect(await renderSchema()).toBe(readFileSync(CONTRACTS_SCHEMA, 'utf8'));
  });

  it('a stale generated section is rewritten, and the prose around it kept', () => {
    const stale = page.replace('| `refused` | boolean | yes |', '| `refused` | string | no |');
    expect(stale).not.toBe(page);
    expect(renderContracts(stale)).toBe(page);
  });

  it('a page that lost a generated section is an error, not a silent skip', () => {
    const lost = page.replace('<!-- /generated:settings -->', '');
    expect(() => renderContracts(lost)).toThrow(/settings/);
  });
});
