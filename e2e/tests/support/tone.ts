// The audio a journey's page really plays: the tone of each e2e file in the left channel tells
// which file is heard, so a test can check that the title shown changes with the audio.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { attachScreenshot, command } from './index.js';
import { vssStatus } from './stream.js';

/** the left channel's tone of each e2e file (scripts/make-music.sh: sine f left, 1.5 f right) */
export const TONE: Record<string, number> = {
  'Morning Tide': 220,
  'Evening Tide': 247,
  'Granite Steps': 262,
  Quartz: 294,
  'High Wind': 330,
  'Low Cloud': 349,
};

/** Routes the player's audio through an analyser, so the test can tell which file it hears. */
export async function installToneProbe(page: Page): Promise<void> {
  await page.getByTestId('player-audio').evaluate((a: HTMLAudioElement) => {
    const ctx = new AudioContext();
    const split = ctx.createChannelSplitter(2);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 16384;
    // no averaging with earlier reads: with the default 0.8 the old tone outweighed the new one
    // for four reads, so the heard switch was dated one to three seconds late when the page was
    // slow to sample (https://webaudio.github.io/web-audio-api/#smoothing-over-time)
    analyser.smoothingTimeConstant = 0;
    const source = ctx.createMediaElementSource(a); // the stream allows CORS
    source.connect(ctx.destination);
    source.connect(split);
    split.connect(analyser, 0);
    const bins = new Float32Array(analyser.frequencyBinCount);
    (window as unknown as { tone: () => number }).tone = () => {
      analyser.getFloatFrequencyData(bins);
      const hz = ctx.sampleRate / analyser.fftSize;
      let best = 0;
      for (let i = Math.floor(150 / hz); i < 400 / hz; i++) if (bins[i]! > bins[best]!) best = i;
      return best * hz;
    };
  });
}

/** which file's tone is loudest in the left channel now (undefined: none near) */
export async function heardFile(page: Page): Promise<string | undefined> {
  const hz = await page.evaluate(() => (window as unknown as { tone: () => number }).tone());
  return Object.entries(TONE).find(([, f]) => Math.abs(f - hz) < 6)?.[0];
}

export const audioTime = (page: Page) =>
  page.getByTestId('player-audio').evaluate((a: HTMLAudioElement) => a.currentTime);

/** the player's audio advances by at least `seconds` within a generous time */
export async function expectAudioAdvances(page: Page, seconds: number): Promise<void> {
  const from = await audioTime(page);
  await expect.poll(() => audioTime(page), { timeout: 30_000 }).toBeGreaterThan(from + seconds);
}

/**
 * `vss.next`: the server switches at once, the listener hears the new file only after its lag;
 * the title shown must change when the new file's tone is heard (within 2 s), not before.
 */
export async function nextFollowsTheAudio(
  page: Page,
  /** a page logged in as admin: it runs vss.next and reads the status */
  admin: Page,
  testInfo: TestInfo,
  label: string,
  fullBurst: boolean,
): Promise<void> {
  const title = page.getByTestId('player-title');
  const heard = (await title.textContent()) ?? '';
  const lagMs = Number(await page.getByTestId('player-lag').getAttribute('data-lag-ms'));
  console.log(`player (${label}): lag ${lagMs} ms before next`);
  if (fullBurst) expect(lagMs).toBeGreaterThan(3_000); // the 10 s burst is ahead of the playhead
  // With a lag longer than a file (12 s) the server is already on a later file than the one
  // heard; `next` leaves that one, and the status says so only once afs has opened the new file.
  const before = (await vssStatus(admin)).title ?? '';
  const t0 = Date.now();
  await command(admin, 'vss.next');
  let next = '';
  await expect
    .poll(
      async () => {
        next = (await vssStatus(admin)).title ?? '';
        return next !== '' && next !== heard && next !== before;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  console.log(`player: heard "${heard}", server on "${before}", after next "${next}"`);
  await expect(page.getByTestId('player-up-next')).toContainText(next);
  if (lagMs > 3_000) {
    // the new file is heard only after the lag: the title has not jumped to it
    await page.waitForTimeout(1_500);
    await expect(title).not.toHaveText(next);
  }
  await attachScreenshot(page, testInfo, `player-up-next-${label}`);
  // sample what is heard and what is shown until both have switched
  const samples: { at: number; tone: string | undefined; shown: string | null }[] = [];
  while (Date.now() - t0 < lagMs + 10_000) {
    samples.push({
      at: Date.now() - t0,
      tone: await heardFile(page),
      shown: await title.textContent(),
    });
    const last = samples.slice(-4);
    if (last.length === 4 && last.every((x) => x.tone === next && x.shown === next)) break;
    await page.waitForTimeout(200);
  }
  const firstAt = (pred: (x: (typeof samples)[number]) => boolean) =>
    samples.find((x, i) => pred(x) && samples.slice(i).every(pred))?.at ?? Infinity;
  const toneAt = firstAt((x) => x.tone === next);
  const shownAt = firstAt((x) => x.shown === next);
  console.log(`player: tone of "${next}" from ${toneAt} ms, title from ${shownAt} ms after next`);
  expect(toneAt, JSON.stringify(samples)).toBeLessThan(Infinity);
  // the title changes with the audio (within the batching of the sender and the sampling)
  expect(Math.abs(shownAt - toneAt), JSON.stringify(samples)).toBeLessThan(2_000);
  await expect(title).toHaveText(next);
  const switchedAfter = shownAt;
  console.log(`player: lag ${lagMs} ms, title switched ${switchedAfter} ms after next`);
  // the switch follows the audio: about the lag after the server's change, not at once
  expect(switchedAfter).toBeGreaterThan(lagMs * 0.6);
  expect(switchedAfter).toBeLessThan(lagMs + 6_000);
}
