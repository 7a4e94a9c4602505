import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/main/index.js';
import { startTestServer } from '../helpers/server.js';
import { artifact, ask, computed, focusedInWidget, launchBrowser, widget } from './browser.js';

/** The full-page chat that `cited serve` ships at `/`, over the shipped article. */
describe('chat page at /', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openPage = async (opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<Page> => {
    const page = await browser.newPage({
      viewport: { width: opts.width ?? 1100, height: opts.height ?? 800 },
      colorScheme: opts.dark ? 'dark' : 'light',
    });
    await page.goto(`${server.url}/`);
    await widget.input(page).waitFor();
    return page;
  };

  it('streams a cited answer, shows the quote on hover and in context', async () => {
    const page = await openPage();
    await expect(widget.panel(page).isVisible()).resolves.toBe(true);
    await expect(widget.launcher(page).count()).resolves.toBe(0);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    const message = await ask(page, 'How far is Hama from Aleppo?');
    const res = await response;
    expect(res.headers()['content-type']).toContain('text/event-stream');
    expect(res.request().postDataJSON()).toEqual({
      question: 'How far is Hama from Aleppo?',
      history: [],
      stream: true,
    });

    expect(await message.innerText()).toContain('110km');
    await expect(message.locator('.meta').innerText()).resolves.toMatch(/^As of .*2024/);
    const chip = message.locator('button.chip').first();
    await expect(chip.isEnabled()).resolves.toBe(true);
    await expect(chip.getAttribute('aria-label')).resolves.toMatch(/^Source 1: /);
    await page.screenshot({ path: artifact('chat-answered.png') });

    await chip.hover();
    const tip = page.locator('cited-chat .tip');
    await tip.waitFor();
    expect(await tip.innerText()).toContain('110km (70 miles) south of Aleppo');
    expect(await tip.innerText()).toMatch(/2024/);
    await page.screenshot({ path: artifact('chat-tooltip.png') });

    await chip.click();
    const quote = page.locator('cited-chat .quote');
    await quote.locator('mark').waitFor();
    expect(await quote.locator('mark').innerText()).toContain('110km');
    const context = await quote.locator('.ctx').innerText();
    expect(context).toContain('released inmates'); // the paragraph before the quote
    expect(context).toContain('the next city south'); // and the text after it
    await page.screenshot({ path: artifact('chat-quote.png') });

    await page.keyboard.press('Escape');
    await quote.waitFor({ state: 'hidden' });
    expect(await focusedInWidget(page)).toBe('chip');
    const tip2 = page.locator('cited-chat .tip');
    await page.mouse.move(0, 0);
    expect(await tip2.innerText()).toContain('110km'); // keyboard focus shows the tooltip too
    await page.keyboard.press('Escape'); // first Esc dismisses the focused chip's tooltip
    await tip2.waitFor({ state: 'hidden' }); // focus went back to the chip that opened the quote
    await expect(widget.panel(page).isVisible()).resolves.toBe(true); // the full page never closes
    await page.close();
  }, 60_000);

  it('sends the conversation so a follow-up question resolves', async () => {
    const page = await openPage();
    expect((await (await ask(page, 'How many people live in Hama?')).innerText()).toLowerCase()).toContain(
      'one million',
    );
    const response = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    const followUp = await ask(page, 'And how far is it from Aleppo?');
    const sent = (await response).request().postDataJSON() as { history: { role: string; content: string }[] };
    expect(sent.history.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(sent.history[0].content).toBe('How many people live in Hama?');
    expect(await followUp.innerText()).toContain('110km');
    await page.close();
  }, 60_000);

  it('shows a refusal distinctly', async () => {
    const page = await openPage();
    const message = await ask(page, 'What is the population of Damascus?');
    await expect(message.getAttribute('data-refused')).resolves.toBe('true');
    await expect(message.locator('.label').innerText()).resolves.toMatch(/not in the sources/i);
    await expect(message.locator('button.chip').count()).resolves.toBe(0);
    // Not stated, with what the documents do say nearby: the closest passages, quoted as text.
    await expect(message.locator('.related-title').innerText()).resolves.toMatch(/closest passages/i);
    const passages = await message.locator('.related li q').allInnerTexts();
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(2);
    expect(passages.join(' ')).toContain('Damascus');
    const background = (sel: string) => computed(page.locator(sel).last(), 'background-color');
    expect(await background('cited-chat li.bot[data-refused]')).not.toBe(
      await background('cited-chat li.bot:first-child'),
    );
    await page.screenshot({ path: artifact('chat-refused.png') });
    await page.close();
  }, 60_000);

  it('Enter sends, Shift+Enter starts a new line', async () => {
    const page = await openPage();
    const input = widget.input(page);
    await input.click();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await input.inputValue()).toBe('first line\nsecond line');
    await expect(page.locator('cited-chat li.user').count()).resolves.toBe(0);
    await page.keyboard.press('Enter');
    await page.locator('cited-chat li.user').waitFor();
    expect(await input.inputValue()).toBe('');
    await page.close();
  }, 60_000);

  it('explains rate limits and network failures, and retries', async () => {
    const page = await openPage();
    await page.route('**/api/ask', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '7' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down' } }),
      }),
    );
    const limited = await ask(page, 'How far is Hama from Aleppo?');
    expect(await limited.innerText()).toContain('Too many questions, try again in 7 s');
    await expect(limited.getAttribute('role')).resolves.toBe('alert');

    await page.unroute('**/api/ask');
    await page.route('**/api/ask', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_READY', message: 'building' } }),
      }),
    );
    await limited.getByRole('button', { name: 'Retry' }).click();
    const starting = widget.bots(page).last();
    await starting.getByRole('button', { name: 'Retry' }).waitFor();
    expect(await starting.innerText()).toMatch(/still getting its documents ready/);

    await page.unroute('**/api/ask');
    await page.route('**/api/ask', (route) => route.abort('failed'));
    await starting.getByRole('button', { name: 'Retry' }).click();
    const offline = widget.bots(page).last();
    await offline.getByRole('button', { name: 'Retry' }).waitFor();
    expect(await offline.innerText()).toMatch(/couldn’t reach the server/i);

    await page.unroute('**/api/ask');
    await offline.getByRole('button', { name: 'Retry' }).click();
    await page.locator('cited-chat li.bot[aria-busy]').waitFor({ state: 'detached' });
    const answered = widget.bots(page).last();
    expect(await answered.innerText()).toContain('110km');
    await expect(page.locator('cited-chat li.user').count()).resolves.toBe(1); // retried, not asked again
    await page.close();
  }, 60_000);

  it('has a dark theme and fills a phone screen', async () => {
    const page = await openPage({ width: 375, height: 700, dark: true });
    const panel = widget.panel(page);
    expect(await panel.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 700 });
    const bg = await computed(panel, 'background-color');
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeLessThan(150);
    await ask(page, 'How far is Hama from Aleppo?');
    await page.screenshot({ path: artifact('chat-phone-dark.png') });
    await page.close();
  }, 60_000);
});
