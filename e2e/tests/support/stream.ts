// What the streaming journeys share: the vss status from `stat`, and a stream that is running.
import { expect, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { API_URL, command, musicDir } from './index.js';

/** the vss status items by name, from one `stat` dump */
export async function vssStatus(page: Page): Promise<Record<string, string>> {
  const res = (await command(page, 'server.stat', { num: 1 }, 'query')) as { text: string };
  return Object.fromEntries(
    res.text.split('\n').flatMap((l) => {
      const m = /^([a-z_]+): ?(.*)$/.exec(l);
      return m?.[1] !== undefined && m[2] !== undefined ? [[m[1], m[2]]] : [];
    }),
  );
}

/**
 * Waits until `shown` holds the server's current title, both read at the same moment. The e2e
 * files are 12 s long: a title read once from the server may be over before a page under load
 * shows it (a page shows a change within about a second).
 */
export async function expectServerTitle(
  page: Page,
  shown: Locator,
  opts: { contains?: boolean; timeout?: number } = {},
) {
  await expect
    .poll(
      async () => {
        const server = (await vssStatus(page)).title ?? '';
        const text = (await shown.textContent()) ?? '';
        return opts.contains ? server !== '' && text.includes(server) : text === server;
      },
      { timeout: opts.timeout ?? 15_000 },
    )
    .toBe(true);
}

/**
 * Adds the e2e music folder and selects a playlist of its six files, so that only they play
 * (other journeys add files of their own to the shared database).
 */
export async function selectMusic(page: Page): Promise<void> {
  await command(page, 'afs.add', { args: [musicDir()] });
  const files = fs
    .readdirSync(musicDir())
    .filter((f) => !f.includes('broken'))
    .map((f) => path.join(musicDir(), f));
  const data = Buffer.from(files.join('\n') + '\n').toString('base64');
  await command(page, 'afs.addpl', { args: ['e2e-music'], data });
  await command(page, 'afs.select', { args: ['p/e2e-music'] });
  // the live mounts and HLS play a file whose rendition is ready; one that is not ready when a
  // journey presses Next is skipped there (docs/streaming.md). Rendered ahead, as an operator
  // warms the cache; the second call finds them made.
  const res = await page.request.post(`${API_URL}/trpc/vss.rendition`, {
    headers: { 'x-paraweb-csrf': '1' },
    data: { args: ['make', 'p/e2e-music'] },
    timeout: 180_000,
  });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Makes sure the vss streams one of the e2e music files, long enough that a new listener gets
 * the full 10 s burst.
 */
export async function ensureStreaming(page: Page): Promise<void> {
  await selectMusic(page);
  const before = await vssStatus(page);
  // a file of the playlist now, not one another journey left playing
  await command(page, before.status === 'playing' ? 'vss.next' : 'vss.play');
  // a stream younger than the burst makes Chromium wait for 6.5 s of audio (docs/streaming.md),
  // and the player can only guess a shorter burst (docs/web-player.md)
  await page.waitForTimeout(11_000);
  await expect.poll(async () => (await vssStatus(page)).status).toBe('playing');
}
