// What the streaming journeys share: the vss status from `stat`, and a stream that is running.
import { expect, type Page } from '@playwright/test';
import { command, musicDir } from './index.js';

/** the vss status items by name, from one `stat` dump */
export async function vssStatus(page: Page): Promise<Record<string, string>> {
  const res = (await command(page, 'vss.stat', { num: 1 }, 'query')) as { text: string };
  return Object.fromEntries(
    res.text.split('\n').flatMap((l) => {
      const m = /^([a-z_]+): ?(.*)$/.exec(l);
      return m?.[1] !== undefined && m[2] !== undefined ? [[m[1], m[2]]] : [];
    }),
  );
}

/** Makes sure the vss streams, long enough that a new listener gets the full 10 s burst. */
export async function ensureStreaming(page: Page): Promise<void> {
  await command(page, 'afs.add', { args: [musicDir()] });
  const before = await vssStatus(page);
  await command(page, 'vss.play');
  // a stream younger than the burst makes Chromium wait for 6.5 s of audio (docs/streaming.md)
  if (before.status !== 'playing') await page.waitForTimeout(11_000);
  await expect.poll(async () => (await vssStatus(page)).status).toBe('playing');
}
