import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { MAX_QUESTION_CHARS } from '../../src/limits.js';
import type { RunningServer } from '../../src/main/index.js';
import { startTestServer } from '../helpers/server.js';
import { ask, focusedInWidget, focusedTagInWidget, launchBrowser, widget } from './browser.js';

const inWidget = (page: Page, selector: string) => page.locator(`cited-chat ${selector}`);

/** The chat page's source list, starters, new chat, copy, touch wording and length limit, over the shipped article. */
describe('chat page features', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openPage = async (opts: BrowserContextOptions = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...opts });
    const page = await context.newPage();
    // Closing the context may race the browser's own close at the end of the file: a rejection then is no failure,
    // and unhandled it would fail the run.
    page.on('close', () => void context.close().catch(() => {}));
    await page.goto(`${server.url}/`);
    await widget.input(page).waitFor();
    return page;
  };

  it('lists the cited source under an answer; the quoted sentence shows as a quote, the as-of date once', async () => {
    const page = await openPage();
    const message = await ask(page, 'How far is Hama from Aleppo?');
    const text = await message.innerText();
    expect(text.match(/As of/g)).toHaveLength(1); // the server's "As of …, the source says:" is not repeated
    expect(text).not.toMatch(/the source says/);
    await expect(message.locator('blockquote.said').innerText()).resolves.toContain(
      'Hama is home to one million people and is 110km (70 miles) south of Aleppo',
    );
    await expect(message.locator('blockquote.said button.chip').count()).resolves.toBe(1);
    const rows = message.locator('.src-list button.src-row');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().innerText()).resolves.toMatch(/^1\s+Hama$/);

    await rows.first().click(); // a click (or a tap) opens the quote in context, not only a hover
    const quote = inWidget(page, '.quote');
    await quote.locator('mark').waitFor();
    expect(await quote.locator('mark').innerText()).toContain('110km');
    await page.keyboard.press('Escape');
    await quote.waitFor({ state: 'hidden' });
    expect(await focusedInWidget(page)).toBe('src-row');
    await page.keyboard.press('Enter'); // the focused row opens it again from the keyboard
    await quote.locator('mark').waitFor();
    await page.close();
  }, 60_000);

  it('groups citations by document, with pages for a PDF and dates that differ from the as-of date', async () => {
    const page = await openPage();
    const cite = (n: number, docId: string, extra: Record<string, unknown>) => ({
      n,
      docId,
      chunkId: `${docId}#0`,
      title: docId === 'manual' ? 'Brewline C2 manual' : 'Release notes',
      quote: `Quote ${n}.`,
      start: 0,
      end: 9,
      ...extra,
    });
    const citations = [
      cite(1, 'manual', { page: 5, date: '2025-03-01' }),
      cite(2, 'notes', { date: '2024-01-15' }),
      cite(3, 'manual', { page: 3, date: '2025-03-01' }),
    ];
    // A PDF's pages come from the loader another part of this issue adds; the answer is served as the API sends it.
    await page.route('**/api/ask', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          answer: 'Descale monthly [1] [3], as the notes say [2].',
          refused: false,
          citations,
          sources: [],
          mode: 'extractive',
          asOf: '2025-03-01',
          timings: { retrieveMs: 1, generateMs: 1, totalMs: 2 },
        }),
      }),
    );
    const message = await ask(page, 'How often should I descale?');
    const rows = await message.locator('.src-row').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1, 3\s+Brewline C2 manual\s+pp\. 3, 5$/);
    expect(rows[1]).toMatch(/^2\s+Release notes\s+\S.*2024$/);
    await expect(message.locator('.meta').innerText()).resolves.toMatch(/^As of .*2025$/);
    await message.locator('.src-row').first().click(); // its first citation, [1], on page 5
    await expect(inWidget(page, '.quote .src').innerText()).resolves.toMatch(/^Brewline C2 manual · .*2025 · p\. 5$/);
    await page.close();
  }, 60_000);

  it('offers starter questions in an empty chat; each one asked gets a cited answer', async () => {
    const page = await openPage();
    const served = ((await (await fetch(`${server.url}/api/suggestions`)).json()) as { questions: string[] }).questions;
    const chips = inWidget(page, '.starters button.starter');
    await chips.first().waitFor();
    const shown = await chips.allInnerTexts();
    expect(shown).toEqual(served);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.length).toBeLessThanOrEqual(4);
    for (const [i, question] of shown.entries()) {
      await chips.nth(i).click();
      await inWidget(page, 'li.user').waitFor();
      expect(await inWidget(page, 'li.user').innerText()).toBe(question);
      await expect(chips.first().isVisible()).resolves.toBe(false); // the conversation has begun
      await inWidget(page, 'li.bot[aria-busy]').waitFor({ state: 'detached', timeout: 30_000 });
      const answer = widget.bots(page).last();
      await expect(answer.getAttribute('data-refused')).resolves.toBeNull();
      await expect(answer.locator('.src-row').count()).resolves.toBeGreaterThan(0);
      await inWidget(page, 'button[aria-label="New chat"]').click();
      await chips.first().waitFor(); // back with the new chat
    }
    await page.close();
  }, 60_000);

  it('New chat clears the conversation and its history', async () => {
    const page = await openPage();
    await ask(page, 'How many people live in Hama?');
    await inWidget(page, 'button[aria-label="New chat"]').click();
    await expect(inWidget(page, 'li.msg').count()).resolves.toBe(1); // the greeting alone
    await expect(inWidget(page, 'li.user').count()).resolves.toBe(0);
    expect(await focusedTagInWidget(page)).toBe('TEXTAREA');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    await ask(page, 'And how far is it from Aleppo?');
    expect((await response).request().postDataJSON()).toMatchObject({ history: [] });
    await page.close();
  }, 60_000);

  it('Copy puts the answer with its sources on the clipboard', async () => {
    // The real clipboard of the browser, read back through the page: the permission is what a user grants.
    const page = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const message = await ask(page, 'How far is Hama from Aleppo?');
    const copy = message.getByRole('button', { name: 'Copy the answer and its sources' });
    await copy.click();
    await copy.getByText('Copied').waitFor();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toMatch(/^110km \(70 miles\) \[1\]\n\nAs of 6 December 2024, the source says: Hama is home/);
    expect(copied).toMatch(/\n\nSources:\n\[1\] Hama \(.*2024\): “Hama is home to one million people .+”$/);
    await expect(inWidget(page, '[role="status"]').innerText()).resolves.toBe('Copied the answer and its sources.');
    await page.close();
  }, 60_000);

  it('says "tap" on a touch screen and "hover" where a pointer hovers', async () => {
    const phone = await openPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const touchHint = await inWidget(phone, '.greet .hint').innerText();
    expect(touchHint).toMatch(/^Tap a numbered chip/);
    expect(await inWidget(phone, '.greet').innerText()).not.toMatch(/hover/i);
    await phone.close();
    const desktop = await openPage();
    await expect(inWidget(desktop, '.greet .hint').innerText()).resolves.toMatch(/^Hover or focus a numbered chip/);
    await desktop.close();
  }, 60_000);

  it('shows the length limit as you type; a long paste stays whole and is not sent', async () => {
    const page = await openPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const input = widget.input(page);
    const count = inWidget(page, '.count');
    await input.fill('How far is Hama from Aleppo?');
    await expect(count.isVisible()).resolves.toBe(false); // an ordinary question is not counted at you

    const paste = 'x'.repeat(10_000);
    await input.fill(paste);
    expect(await input.inputValue()).toBe(paste); // not cut to the limit
    const limit = MAX_QUESTION_CHARS.toLocaleString('en-US');
    await expect(count.innerText()).resolves.toBe(`10,000 / ${limit}: too long to send, shorten it`);
    await expect(count.getAttribute('class')).resolves.toContain('over');
    await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
    await input.press('Enter');
    await expect(inWidget(page, 'li.user').count()).resolves.toBe(0);
    expect(await input.inputValue()).toBe(paste);
    expect(requests.filter((u) => u.endsWith('/api/ask'))).toEqual([]);

    await input.fill('y'.repeat(MAX_QUESTION_CHARS));
    await expect(count.innerText()).resolves.toBe(`${limit} / ${limit}`); // at the limit: counted, not refused
    await expect(input.getAttribute('aria-invalid')).resolves.toBeNull();
    await page.close();
  }, 60_000);
});
