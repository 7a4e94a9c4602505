import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { REPO } from '../helpers/fixtures.js';

/** Debian's Chromium, never a downloaded one; flags keep it quiet and offline. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(REPO, 'dist', 'widget', 'widget.js')))
    throw new Error('dist/widget/widget.js is missing: run `npm run build` first');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

const ARTIFACTS = join(REPO, 'tests', 'artifacts');
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** A tiny http server on a free loopback port: the "other site" that embeds the widget, or a stub API. */
export async function localServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Playwright's CSS selectors pierce open shadow roots, so these reach inside the widget. */
export const widget = {
  input: (page: Page) => page.locator('cited-chat textarea'),
  bots: (page: Page) => page.locator('cited-chat li.bot'),
  panel: (page: Page) => page.locator('cited-chat .panel'),
  launcher: (page: Page) => page.locator('cited-chat .launcher'),
};

/** Asks through the UI (typing, then Enter) and waits for that answer to finish; returns its message. */
export async function ask(page: Page, question: string): Promise<Locator> {
  const before = await widget.bots(page).count();
  await widget.input(page).fill(question);
  await widget.input(page).press('Enter');
  const message = widget.bots(page).nth(before);
  await message.waitFor();
  await page.locator('cited-chat li.bot[aria-busy]').waitFor({ state: 'detached', timeout: 30_000 });
  return message;
}

// The tests compile without DOM types (they stay out of the node program), so in-page code is a string or
// declares the little of the DOM it uses.

/** A computed style property of the element a locator points at. */
export const computed = (locator: Locator, property: string): Promise<string> =>
  locator.evaluate(
    (el, prop) => (globalThis as unknown as InPage).getComputedStyle(el).getPropertyValue(prop),
    property,
  );

interface InPage {
  getComputedStyle(el: unknown): { getPropertyValue(property: string): string };
}

/** The class of whatever has focus inside the widget's shadow root. */
export const focusedInWidget = (page: Page): Promise<string | undefined> =>
  page.evaluate("document.querySelector('cited-chat')?.shadowRoot?.activeElement?.className");

/** The tag of whatever has focus inside the widget's shadow root. */
export const focusedTagInWidget = (page: Page): Promise<string | undefined> =>
  page.evaluate("document.querySelector('cited-chat')?.shadowRoot?.activeElement?.tagName");
