// Journey (issue #15): Debian's headless Chromium plays the live mount /live.mp3 in a bare <audio>
// element across three file changes of the e2e playlist (12 s files, mp3 and an Ogg Vorbis one that
// needs a rendition): currentTime keeps advancing, no `ended` or `error`, no stall over 1 s. The
// plain `/` is cut at a codec change (docs/streaming.md); the mount never ends.
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login, STREAM_URL } from './support/index.js';
import { selectMusic, vssStatus } from './support/stream.js';

interface Probe {
  events: string[];
  /** longest wall time (ms) currentTime stood still since 'playing' */
  longestStall: number;
  t: number;
  playing: boolean;
}

test('Chromium plays /live.mp3 across three file changes without a stall', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  await selectMusic(page);
  const before = await vssStatus(page);
  await command(page, before.status === 'playing' ? 'vss.next' : 'vss.play');
  await expect.poll(async () => (await vssStatus(page)).status).toBe('playing');

  await page.setContent('<audio id="a" controls></audio><p>live mount test</p>');
  const url = new URL(`/live.mp3?e2e=${Date.now()}`, STREAM_URL).href;
  await page.evaluate((src) => {
    const a = document.getElementById('a') as HTMLAudioElement;
    const p: Probe = { events: [], longestStall: 0, t: 0, playing: false };
    (window as unknown as { probe: Probe }).probe = p;
    for (const ev of ['ended', 'error', 'emptied', 'abort']) {
      a.addEventListener(ev, () => p.events.push(`${ev} ${a.error?.code ?? ''}`.trim()));
    }
    a.addEventListener('playing', () => (p.playing = true), { once: true });
    let last = performance.now();
    let lastT = 0;
    setInterval(() => {
      const now = performance.now();
      if (!p.playing) {
        last = now;
        return;
      }
      if (a.currentTime > lastT) {
        lastT = a.currentTime;
        last = now;
      } else p.longestStall = Math.max(p.longestStall, now - last);
      p.t = a.currentTime;
    }, 50);
    a.src = src;
    void a.play().catch((err: unknown) => p.events.push(String(err)));
  }, url);
  const probe = () => page.evaluate(() => ({ ...(window as unknown as { probe: Probe }).probe }));
  await expect.poll(async () => (await probe()).playing, { timeout: 20_000 }).toBe(true);

  // three file changes on the server while the element plays
  const t0 = (await probe()).t;
  const wall0 = Date.now();
  const seen = [(await vssStatus(page)).path];
  while (seen.length < 4) {
    expect(Date.now() - wall0, `file changes seen: ${seen.join(', ')}`).toBeLessThan(60_000);
    await page.waitForTimeout(500);
    const now = (await vssStatus(page)).path;
    if (now && now !== seen.at(-1)) seen.push(now);
    const p = await probe();
    expect(p.events, 'no ended/error on the mount').toEqual([]);
    expect(p.longestStall, 'currentTime stood still (ms)').toBeLessThan(1000);
  }
  // the last change reaches the element after the mount's burst: play on past it
  await page.waitForTimeout(3_000);
  const end = await probe();
  const played = end.t - t0;
  const wall = (Date.now() - wall0) / 1000;
  console.log(
    `live-mount: ${seen.length - 1} file changes, ${played.toFixed(1)} s of audio in ${wall.toFixed(1)} s, ` +
      `longest stall ${Math.round(end.longestStall)} ms`,
  );
  expect(end.events).toEqual([]);
  expect(end.longestStall).toBeLessThan(1000);
  expect(played / wall).toBeGreaterThan(0.9);
  expect(played / wall).toBeLessThan(1.1);
  await attachScreenshot(page, testInfo, 'live-mount');
  await page.evaluate(() => {
    const a = document.getElementById('a') as HTMLAudioElement;
    a.removeAttribute('src');
    a.load();
  });
  await command(page, 'vss.stop');
});
