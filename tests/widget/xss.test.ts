import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import type { RunningServer } from '../../src/main/index.js';
import { ARTICLE, corpusOf } from '../helpers/fixtures.js';
import { startTestServer } from '../helpers/server.js';
import { ask, launchBrowser, widget } from './browser.js';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>window.pwned=1</script>';
const NOTES = `date 2024-12-07
Museum notes <b>bold</b> for curators.

The museum catalogue shows 42 exhibits under the label ${IMG} next to ${SCRIPT} in its printed guide.
`;
// A typed question, so the answer (and its quote with the markup) does not rest on the confidence model's view of
// untyped answers.
const QUESTION = 'How many exhibits does the museum catalogue show?';

/** Server text is rendered as text: markup in a corpus document must show literally and never run. */
describe('widget with markup in the corpus', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    const corpus = corpusOf({ 'hama-2024-12-06.txt': readFileSync(ARTICLE, 'utf8'), 'museum-notes.txt': NOTES });
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ CITED_CORPUS_DIR: corpus })]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openPage = async (): Promise<{ page: Page; dialogs: string[] }> => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/`);
    await widget.input(page).waitFor();
    return { page, dialogs };
  };

  it('shows the markup literally in the answer, the tooltip and the quote, and runs none of it', async () => {
    const { page, dialogs } = await openPage();
    const message = await ask(page, QUESTION);
    expect(await message.innerText()).toContain(IMG);

    const chip = message.locator('button.chip').first();
    await chip.hover();
    expect(await page.locator('cited-chat .tip').innerText()).toContain('Museum notes <b>bold</b> for curators.');

    await chip.click();
    const context = page.locator('cited-chat .ctx');
    await context.locator('mark').waitFor();
    expect(await context.innerText()).toContain(SCRIPT);
    expect(await context.locator('mark').innerText()).toContain(IMG);

    await page.waitForTimeout(300); // an injected onerror would have fired by now
    expect(dialogs).toEqual([]);
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(
      await page.evaluate("document.querySelector('cited-chat').shadowRoot.querySelectorAll('img, script, b').length"),
    ).toBe(0);
    await page.close();
  }, 60_000);

  it('does not link a javascript: URL from document metadata', async () => {
    const { page, dialogs } = await openPage();
    await page.route('**/api/documents/*', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          id: 'museum-notes',
          title: 'x',
          url: 'javascript:alert(1)',
          text: NOTES.slice(NOTES.indexOf('\n') + 1),
        }),
      }),
    );
    const message = await ask(page, QUESTION);
    await message.locator('button.chip').first().click();
    await page.locator('cited-chat .ctx mark').waitFor();
    await expect(page.locator('cited-chat .quote a').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
