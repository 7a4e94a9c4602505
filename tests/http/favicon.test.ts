import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import { REPO } from '../helpers/fixtures.js';
import { startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The icon the page links, and the one browsers, bookmarks and feed readers ask for at /favicon.ico. */
describe('page icon', () => {
  it('the chat page links an SVG icon and an .ico, and both are served', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toMatch(/<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml">/);
    expect(page).toMatch(/<link rel="icon" href="\/favicon\.ico" sizes="32x32">/);

    const svg = await fetch(`${server.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('/favicon.ico is a real icon (ICO header, PNG images inside), cached, not a 404', async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(join(REPO, 'src', 'widget', 'favicon.ico')))).toBe(true);
    expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // reserved 0, type 1 = icon
    const images = body.readUInt16LE(4);
    expect(images).toBeGreaterThan(0);
    for (let i = 0; i < images; i++) {
      const offset = body.readUInt32LE(6 + 16 * i + 12);
      expect(body.subarray(offset + 1, offset + 4).toString('latin1')).toBe('PNG');
    }
    expect((await fetch(`${server.url}/favicon.ico`, { method: 'HEAD' })).status).toBe(200);
  });
});
