// Journey (issue #21): the server lists an Icecast relay (--relay, playwright.config.ts). While
// the relay is down /listen plays this server; with a real icecast2 relaying /live.mp3 up, a
// visitor's /listen plays from the relay (its <audio> loads the relay's URL and advances), the
// relay counts the listener, and the Audience page shows the relay healthy with that listener
// in the sum; the relay stopped, /api/stream names nobody again and the page says unhealthy.
// With two relays up, a listener whose relay stops is moved to the other one.
import { expect, test } from '@playwright/test';
import { API_URL, attachScreenshot, login } from './support/index.js';
import { startRelay } from './support/icecast.js';
import { RELAY2_PORT, RELAY_PORT, STREAM_PORT } from './support/ports.js';
import { ensureStreaming } from './support/stream.js';
import { expectAudioAdvances } from './support/tone.js';

const MOUNT = '/live.mp3';
const RELAY_URL = `http://127.0.0.1:${RELAY_PORT}${MOUNT}`;
const RELAY2_URL = `http://127.0.0.1:${RELAY2_PORT}${MOUNT}`;

const picked = async (): Promise<string | null> =>
  ((await (await fetch(`${API_URL}/api/stream`)).json()) as { url: string | null }).url;

test('/listen plays from the relay while it is healthy; the Audience page sums it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  expect(await picked()).toBeNull();
  const relay = startRelay(RELAY_PORT, STREAM_PORT, MOUNT);
  const visitor = await browser.newContext();
  try {
    await expect.poll(() => relay.listeners(MOUNT), { timeout: 20_000 }).toBe(0);
    await expect.poll(picked, { timeout: 10_000 }).toBe(RELAY_URL);

    const listen = await visitor.newPage();
    await listen.goto('/listen');
    await listen.getByRole('button', { name: 'Play' }).click();
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    // (the player adds a query of its own to each connection)
    const src = await listen
      .getByTestId('player-audio')
      .evaluate((a: HTMLAudioElement) => a.currentSrc);
    expect(src.split('?')[0]).toBe(RELAY_URL);
    await expectAudioAdvances(listen, 3);
    await expect.poll(() => relay.listeners(MOUNT), { timeout: 10_000 }).toBe(1);

    await page.goto('/audience');
    const row = page.getByTestId('relay-e2e');
    await expect(row.locator('td').nth(2)).toHaveText('healthy', { timeout: 10_000 });
    await expect(row.locator('td').nth(3)).toHaveText('1', { timeout: 10_000 });
    await expect(page.getByTestId('listeners-summed')).not.toHaveText('0');
    await attachScreenshot(page, testInfo, 'audience-relays');
    await listen.getByRole('button', { name: 'Stop' }).click();
  } finally {
    await visitor.close();
    await relay.stop();
  }
  await expect.poll(picked, { timeout: 10_000 }).toBeNull();
  await expect(page.getByTestId('relay-e2e').locator('td').nth(2)).toHaveText(/^unhealthy/, {
    timeout: 15_000,
  });
});

test('a listener whose relay stops is moved to the other relay, not to this server', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  const relays = [
    { url: RELAY_URL, relay: startRelay(RELAY_PORT, STREAM_PORT, MOUNT) },
    { url: RELAY2_URL, relay: startRelay(RELAY2_PORT, STREAM_PORT, MOUNT) },
  ];
  const visitor = await browser.newContext();
  try {
    for (const r of relays)
      await expect.poll(() => r.relay.listeners(MOUNT), { timeout: 20_000 }).toBe(0);
    // both healthy: /api/stream names each of them in turn
    await expect
      .poll(async () => new Set([await picked(), await picked()]).size, { timeout: 10_000 })
      .toBe(2);
    const listen = await visitor.newPage();
    await listen.goto('/listen');
    await listen.getByRole('button', { name: 'Play' }).click();
    const audio = listen.getByTestId('player-audio');
    const src = async (): Promise<string> =>
      (await audio.evaluate((a: HTMLAudioElement) => a.currentSrc)).split('?')[0]!;
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    const playing = await src();
    const lost = relays.find((r) => r.url === playing);
    const other = relays.find((r) => r.url !== playing);
    expect(lost, `plays a relay (${playing})`).toBeDefined();
    await lost!.relay.stop();
    // the player asks for another relay at once (?not=), before a health round has seen it die
    await expect.poll(src, { timeout: 20_000 }).toBe(other!.url);
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    await expectAudioAdvances(listen, 3);
    await expect.poll(() => other!.relay.listeners(MOUNT), { timeout: 10_000 }).toBe(1);
    await listen.getByRole('button', { name: 'Stop' }).click();
  } finally {
    await visitor.close();
    for (const r of relays) await r.relay.stop();
  }
});
