// Journey (issue #7): an admin listens in the web player: it plays the stream, shows the title
// the listener hears (a `next` shows up only after the buffered audio), and reconnects by itself
// when the stream drops (`sender http off`, then on).
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login } from './support/index.js';
import { ensureStreaming, vssStatus } from './support/stream.js';
import { expectAudioAdvances, installToneProbe, nextFollowsTheAudio } from './support/tone.js';

test('the web player plays the stream, follows the audio and reconnects', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  await page.goto('/player');
  const title = page.getByTestId('player-title');
  const phase = page.getByTestId('player-phase');
  await expect(title).not.toHaveText('Nothing is playing');
  await expect(page.getByRole('slider', { name: 'Volume' })).toBeVisible();

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'playing', { timeout: 20_000 });
  await installToneProbe(page);
  await expectAudioAdvances(page, 2);
  await attachScreenshot(page, testInfo, 'player-playing');

  // once nothing is pending, the title shown is the server's current one
  await expect
    .poll(
      async () => {
        const pending = await page.getByTestId('player-up-next').count();
        const server = (await vssStatus(page)).title;
        return pending === 0 && (await title.textContent()) === server;
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  await nextFollowsTheAudio(page, page, testInfo, 'first', true);

  // the stream drops; the player notices, retries, and plays again once the sender is back
  await command(page, 'vss.sender', { args: ['http', 'off'] });
  try {
    await expect(phase).toHaveAttribute('data-phase', 'reconnecting', { timeout: 30_000 });
    await expect(page.getByTestId('sender-off')).toBeVisible({ timeout: 15_000 });
    await attachScreenshot(page, testInfo, 'player-reconnecting');
  } finally {
    await command(page, 'vss.sender', { args: ['http', 'on'] });
  }
  await expect(phase).toHaveAttribute('data-phase', 'playing', { timeout: 30_000 });
  await expectAudioAdvances(page, 2);
  await attachScreenshot(page, testInfo, 'player-reconnected');
  // the sender came back with an empty ring: this connection got a short burst, which the page
  // learns from status.burst; titles still follow the audio
  await nextFollowsTheAudio(page, page, testInfo, 'after-reconnect', false);

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'stopped');
  await command(page, 'vss.stop');
});
