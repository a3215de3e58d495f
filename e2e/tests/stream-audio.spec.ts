// Journey (issue #4): Debian's headless Chromium plays the HTTP stream in a bare <audio> element:
// it starts, plays at about real speed, and reports no error. bench/chromium-start.bench.mjs
// measures the start time per format; here only a generous bound is checked.
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login, STREAM_URL } from './support/index.js';
import { ensureStreaming } from './support/stream.js';

test('Chromium plays the HTTP stream in an <audio> element', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  await page.setContent('<audio id="a" controls></audio><p id="log">stream test</p>');
  const url = `${STREAM_URL}?e2e=${Date.now()}`;

  const startMs = await page.evaluate(async (src) => {
    const a = document.getElementById('a') as HTMLAudioElement;
    const w = window as unknown as { streamErrors: string[] };
    w.streamErrors = [];
    a.addEventListener('error', () => w.streamErrors.push(`error ${a.error?.code ?? '?'}`));
    const t0 = performance.now();
    const playing = new Promise<number>((resolve) =>
      a.addEventListener('playing', () => resolve(performance.now() - t0), { once: true }),
    );
    a.src = src;
    void a.play().catch((err: unknown) => w.streamErrors.push(String(err)));
    return Promise.race([playing, new Promise<number>((r) => setTimeout(() => r(-1), 20_000))]);
  }, url);
  console.log(`stream-audio: src set -> 'playing' in ${Math.round(startMs)} ms`);
  testInfo.annotations.push({ type: 'start time', description: `${Math.round(startMs)} ms` });
  expect(startMs, "'playing' never fired").toBeGreaterThan(0);
  expect(startMs).toBeLessThan(5_000); // generous: the bench checks the 0.5 s target

  // currentTime follows the wall clock for several seconds (a file change may happen meanwhile)
  const sample = () =>
    page.evaluate(() => ({
      t: (document.getElementById('a') as HTMLAudioElement).currentTime,
      wall: performance.now(),
    }));
  const first = await sample();
  await page.waitForTimeout(5_000);
  const last = await sample();
  const rate = (last.t - first.t) / ((last.wall - first.wall) / 1000);
  console.log(
    `stream-audio: ${(last.t - first.t).toFixed(2)} s of audio in ${((last.wall - first.wall) / 1000).toFixed(2)} s`,
  );
  expect(rate).toBeGreaterThan(0.8);
  expect(rate).toBeLessThan(1.2);
  expect(
    await page.evaluate(() => (window as unknown as { streamErrors: string[] }).streamErrors),
  ).toEqual([]);
  await attachScreenshot(page, testInfo, 'stream-audio');
  await page.evaluate(() => {
    const a = document.getElementById('a') as HTMLAudioElement;
    a.removeAttribute('src');
    a.load();
  });
  await command(page, 'vss.stop');
});
