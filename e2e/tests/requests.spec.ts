// Journey (issue #20): a listener with no cookie opens /listen, searches the requestable files
// (with cover and length), requests one and reads when it should play; a second request is
// refused with the rule's words. The admin sees it in the Requests page, approves it (approval is
// on: the e2e server runs without --request-auto-approve), and the queue is left empty.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { API_URL, attachScreenshot, command, dataDir, login } from './support/index.js';

const script = fileURLToPath(new URL('../scripts/make-covers.sh', import.meta.url));

test('a listener requests a file on /listen; the admin approves it in the queue', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(30_000);
  // fresh files (never played, never requested), one of them requestable; its cover is 64 px
  const stamp = `rq${Date.now().toString(36)}`;
  const dir = path.join(dataDir(), `requests-${stamp}`);
  execFileSync('bash', [script, dir, stamp]);
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [dir] });
  // the attribute may exist from an earlier journey of this run
  await page.request.post(`${API_URL}/trpc/afs.addatt`, {
    headers: { 'x-paraweb-csrf': '1' },
    data: { args: ['requestable'] },
  });
  const file = path.join(dir, 'embedded', '01-apic.mp3');
  await command(page, 'afs.setatt', { args: ['requestable+', file] });
  const title = `Apic ${stamp}`;

  const visitor = await browser.newContext();
  const listen = await visitor.newPage();
  try {
    await listen.goto('/listen');
    const panel = listen.getByTestId('request-panel');
    await expect(panel).toBeVisible();
    await panel.getByLabel('Search title, artist or album').fill(title);
    const result = panel.getByTestId('request-result');
    await expect(result).toHaveCount(1);
    await expect(result).toContainText(title);
    await expect(result).toContainText('0:12');
    // the file's own cover, served by the request door
    const cover = result.locator('img');
    await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

    const sent = listen.waitForResponse(
      (r) => r.url() === `${API_URL}/api/requests` && r.request().method() === 'POST',
    );
    const before = Date.now();
    await result.getByRole('button', { name: `Request ${title}` }).click();
    const answer = (await (await sent).json()) as { status: string; playsAt: number };
    expect(answer.status).toBe('pending');
    // after the current file and the requests before it: within the next minutes
    expect(answer.playsAt).toBeGreaterThanOrEqual(before - 1000);
    expect(answer.playsAt).toBeLessThan(before + 15 * 60_000);
    await expect(panel.getByTestId('request-outcome')).toHaveText(
      /^Your request waits for the station's approval; approved now, it plays at about \d\d:\d\d/,
    );
    await attachScreenshot(listen, testInfo, 'listen-request');

    // a second request at once: refused, and the listener reads why
    await result.getByRole('button', { name: `Request ${title}` }).click();
    await expect(panel.getByTestId('request-refused')).toHaveText(
      /^Not accepted: one request per 10 minutes from you; try again in 10 minutes$/,
    );
  } finally {
    await visitor.close();
  }

  // the admin: the request waits in the queue; approved, it is queued (or already playing)
  await page.goto('/requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  const row = page.getByTestId('request-row').filter({ hasText: title });
  await expect(row).toHaveAttribute('data-status', 'pending');
  await expect(row.getByTestId('request-status')).toHaveText('waits for approval');
  await expect(row).toContainText('a listener');
  await row.getByRole('button', { name: `Approve ${title}` }).click();
  const history = page.getByTestId('request-history-row').filter({ hasText: title });
  await expect(row.or(history)).toContainText(/queued|played/);
  await attachScreenshot(page, testInfo, 'requests-queue');
  // leave the queue empty for the journeys after this one
  if (await row.isVisible()) await row.getByRole('button', { name: `Reject ${title}` }).click();
  await expect(row).toHaveCount(0);
  await expect(history).toContainText(/played|rejected/);
});
