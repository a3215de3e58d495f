// Journeys (issue #7): now playing follows the stream live. Play shows the title and the position
// advances; a second tab sees the file change within 1 s of Next in the first; a guest sees the
// transport controls disabled.
import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, command, login, musicDir } from './support/index.js';
import { selectMusic } from './support/stream.js';

/** "1:05" -> 65 */
function seconds(text: string | null): number {
  const parts = (text ?? '').split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

/** Records in the page when the title first differs from what it shows now (browser clock). */
async function watchTitle(page: Page): Promise<string> {
  return page.getByTestId('now-title').evaluate((el) => {
    const w = window as unknown as { titleChangedAt?: number };
    const start = el.textContent ?? '';
    delete w.titleChangedAt;
    new MutationObserver((_, observer) => {
      if ((el.textContent ?? '') === start) return;
      w.titleChangedAt = Date.now();
      observer.disconnect();
    }).observe(el, { childList: true, characterData: true, subtree: true });
    return start;
  });
}

test('play shows the title, the position advances; a second tab follows Next within 1 s', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(60_000);
  await login(page, 'admin');
  await selectMusic(page);
  await command(page, 'vss.stop');
  await page.goto('/');
  const state = page.getByTestId('play-state');
  await expect(state).toHaveText('Stopped');
  await expect(page.getByTestId('now-title')).toHaveText('Nothing playing');

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(state).toHaveText('Playing');
  await expect(page.getByTestId('now-title')).not.toHaveText('Nothing playing');
  await expect(page.getByTestId('now-artist')).toHaveText(/Aurora Lane|Basalt|Cirrus/);
  await expect(page.getByTestId('status-flags')).toHaveText(/^playing/);
  await expect(page.getByTestId('total')).toHaveText('0:12');
  // the position moves on between status pushes (none come while a file plays undisturbed)
  const elapsed = page.getByTestId('elapsed');
  const t1 = seconds(await elapsed.textContent());
  await expect.poll(async () => seconds(await elapsed.textContent())).toBeGreaterThan(t1 + 1);
  // what comes next, and why
  await expect(page.getByTestId('upcoming').getByRole('listitem').first()).toContainText(
    /never played|played (once|\d+ times)/,
  );
  await expect(page.getByTestId('upcoming')).not.toContainText(/score/);
  await attachScreenshot(page, testInfo, 'now-playing');

  // the second tab: same user, its own socket
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('play-state')).toHaveText('Playing');
  // a fresh file, so that it does not end by itself during the measurement
  await command(page, 'vss.next');
  await expect(second.getByTestId('now-title')).not.toHaveText('Nothing playing');
  await page.waitForTimeout(300);
  const before = await watchTitle(second);
  await expect(page.getByTestId('now-title')).toHaveText(before);

  const clickedAt = Date.now();
  await page.getByRole('button', { name: 'Next' }).click();
  await second.waitForFunction(
    () => (window as unknown as { titleChangedAt?: number }).titleChangedAt !== undefined,
    undefined,
    { timeout: 5_000, polling: 'raf' },
  );
  const changedAt = await second.evaluate(
    () => (window as unknown as { titleChangedAt: number }).titleChangedAt,
  );
  const latency = changedAt - clickedAt;
  console.log(`now-playing: Next clicked in tab 1 -> new title in tab 2 after ${latency} ms`);
  testInfo.annotations.push({ type: 'next -> second tab', description: `${latency} ms` });
  await expect(second.getByTestId('now-title')).not.toHaveText(before);
  expect(latency).toBeGreaterThanOrEqual(0);
  expect(latency).toBeLessThan(1_000);
  await attachScreenshot(second, testInfo, 'second-tab');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(second.getByTestId('play-state')).toHaveText('Paused');
  await command(page, 'vss.stop');
  await expect(second.getByTestId('play-state')).toHaveText('Stopped');
  await second.close();
});

test('a guest sees the transport controls disabled', async ({ browser }, testInfo) => {
  const admin = await browser.newPage();
  await login(admin, 'admin');
  await command(admin, 'afs.add', { args: [musicDir()] });
  await command(admin, 'vss.play');

  const context = await browser.newContext({ viewport: testInfo.project.use.viewport });
  const page = await context.newPage();
  try {
    await login(page, 'guest');
    await page.goto('/');
    await expect(page.getByTestId('play-state')).toHaveText('Playing');
    await expect(page.getByTestId('now-title')).not.toHaveText('Nothing playing');
    const controls = page.getByRole('group', { name: 'Playback controls' });
    for (const name of ['Pause', 'Stop', 'Next', 'Back 10 s', 'Forward 10 s'])
      await expect(controls.getByRole('button', { name })).toBeDisabled();
    await expect(page.getByRole('slider', { name: 'Position' })).toBeDisabled();
    await expect(page.getByText('needs VSS_WRITE').first()).toBeVisible();
    await attachScreenshot(page, testInfo, 'guest-now-playing');
  } finally {
    await command(admin, 'vss.stop');
    await context.close();
    await admin.close();
  }
});
