// Journey (issue #19): an admin drops two files on the library page (one audio, one text under an
// .mp3 name) and sees each one's result; picks a copy of the first (a duplicate); cancels an
// upload on a throttled connection; reloads the page in the middle of an upload and drops the same
// file again, which continues where it stopped; the added files are in the library. Then a folder
// is watched from the dashboard: a file copied into it appears in the library, a bad one is listed
// with its error, and the folder is no longer watched when the user says so.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attachScreenshot, dataDir, loginWithForm } from './support/index.js';

/** the server's --upload-dir (playwright.config.ts) */
const uploadDir = (): string => path.join(dataDir(), 'uploads');

/** A new mp3 (a tone of its own) of `seconds`, at 192 kbit/s. */
function tone(dir: string, name: string, seconds: number, freq: number): string {
  const wav = path.join(dir, `${name}.wav`);
  execFileSync('sox', [
    '-n',
    '-r',
    '44100',
    '-c',
    '1',
    wav,
    'synth',
    String(seconds),
    'sine',
    `${freq}`,
  ]);
  const mp3 = path.join(dir, name);
  execFileSync('lame', ['--quiet', '-b', '192', '--tt', name, wav, mp3]);
  fs.rmSync(wav);
  return mp3;
}

/** Upload speed of the page's network (bytes per second; -1: no limit). */
async function throttle(cdp: CDPSession, bytesPerSecond: number): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

/** Drops files on the upload panel as a drag from the desktop does (a DataTransfer of Files). */
async function drop(page: Page, files: { name: string; file: string }[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    b64: fs.readFileSync(f.file).toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: 'audio/mpeg' }));
    }
    return dt;
  }, payload);
  const zone = page.getByTestId('upload-drop');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

const item = (page: Page, name: string) =>
  page.getByTestId('upload-list').getByRole('listitem').filter({ hasText: name });

test('upload: drop, results per file, cancel, resume after a reload; watch a folder', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const src = path.join(dataDir(), `upload-src-${stamp}`);
  fs.mkdirSync(src, { recursive: true });
  const base = 300 + (Date.now() % 3000);
  const song = tone(src, `song-${stamp}.mp3`, 3, base);
  const lying = path.join(src, `notes-${stamp}.mp3`);
  fs.writeFileSync(lying, 'these are notes, not audio\n'.repeat(200));
  const copy = path.join(src, `copy-${stamp}.mp3`);
  fs.copyFileSync(song, copy);
  // about 1.4 MB each: several seconds on the throttled connection
  const slow = tone(src, `slow-${stamp}.mp3`, 60, base + 11);
  const resumed = tone(src, `resumed-${stamp}.mp3`, 60, base + 23);
  const mine = path.join(uploadDir(), 'admin');

  await loginWithForm(page, 'admin');
  await page.goto('/library');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();

  // two files dropped: one added, one refused as not audio (and removed)
  await drop(page, [
    { name: path.basename(song), file: song },
    { name: path.basename(lying), file: lying },
  ]);
  await expect(item(page, `song-${stamp}`).getByTestId('upload-result')).toHaveText(
    `added: ${path.join(mine, `song-${stamp}.mp3`)}`,
    { timeout: 20_000 },
  );
  await expect(item(page, `notes-${stamp}`).getByTestId('upload-result')).toHaveText(
    /^not audio: .+/,
  );
  expect(fs.existsSync(path.join(mine, `notes-${stamp}.mp3`))).toBe(false);

  // the same bytes under another name: a duplicate, not added
  await page.getByTestId('upload-input').setInputFiles(copy);
  await expect(item(page, `copy-${stamp}`).getByTestId('upload-result')).toHaveText(
    `duplicate of ${path.join(mine, `song-${stamp}.mp3`)}: not added`,
    { timeout: 20_000 },
  );
  await attachScreenshot(page, testInfo, 'upload-results');

  // a slow upload shows its progress and is cancelled: the server drops what it had
  const cdp = await page.context().newCDPSession(page);
  await throttle(cdp, 150 * 1024);
  await page.getByTestId('upload-input').setInputFiles(slow);
  const slowItem = item(page, `slow-${stamp}`);
  await expect(slowItem.getByTestId('upload-result')).toHaveText(/^[1-9]\d? %$/, {
    timeout: 15_000,
  });
  await expect(
    slowItem.getByRole('progressbar', { name: `Upload of slow-${stamp}.mp3` }),
  ).toBeVisible();
  await slowItem.getByRole('button', { name: 'Cancel' }).click();
  await expect(slowItem.getByTestId('upload-result')).toHaveText('cancelled');
  await expect
    .poll(() => fs.readdirSync(path.join(uploadDir(), '.partial')).length, { timeout: 10_000 })
    .toBe(0);
  expect(fs.existsSync(path.join(mine, `slow-${stamp}.mp3`))).toBe(false);

  // a reload in the middle of an upload: the same file chosen again continues where it stopped
  await page.getByTestId('upload-input').setInputFiles(resumed);
  const before = item(page, `resumed-${stamp}`);
  await expect(before.getByTestId('upload-result')).toHaveText(/^(2\d|3\d|4\d) %$/, {
    timeout: 20_000,
  });
  await page.reload();
  await throttle(cdp, 400 * 1024);
  const offsets: number[] = [];
  page.on('request', (req) => {
    if (req.method() === 'PATCH' && req.url().includes('/api/uploads/'))
      offsets.push(Number(req.headers()['upload-offset']));
  });
  await page.getByTestId('upload-input').setInputFiles(resumed);
  await expect(item(page, `resumed-${stamp}`).getByTestId('upload-result')).toHaveText(
    `added: ${path.join(mine, `resumed-${stamp}.mp3`)}`,
    { timeout: 30_000 },
  );
  expect(offsets[0], `the PATCH offsets after the reload: ${offsets.join(', ')}`).toBeGreaterThan(
    0,
  );
  expect(
    fs.readFileSync(path.join(mine, `resumed-${stamp}.mp3`)).equals(fs.readFileSync(resumed)),
  ).toBe(true);
  await throttle(cdp, -1);

  // the added files are in the library
  await page.getByLabel('Search path, artist, title, album').fill(stamp);
  await expect(page.getByTestId('library-total')).toHaveText('2 matching files');
  await expect(page.getByTestId('library-row')).toHaveCount(2);

  // a folder watched from the dashboard
  const watched = path.join(dataDir(), `watched-${stamp}`);
  fs.mkdirSync(watched);
  const panel = page.getByTestId('watch-panel');
  await panel.getByText('Watched folders').click();
  await panel.getByLabel('Folder on the server to watch').fill(watched);
  await panel.getByRole('button', { name: 'Watch', exact: true }).click();
  const root = panel.getByTestId('watch-roots').getByRole('listitem').filter({ hasText: watched });
  await expect(root).toContainText('kernel events · added by admin');
  await expect(root.getByTestId('watch-last-scan')).toContainText('0 files');
  tone(watched, `watched-${stamp}.mp3`, 2, base + 37);
  fs.writeFileSync(path.join(watched, 'empty.mp3'), '');
  await expect(page.getByTestId('library-total')).toHaveText('3 matching files', {
    timeout: 20_000,
  });
  await expect(panel.getByTestId('watch-errors')).toContainText(
    `"${path.join(watched, 'empty.mp3')}"`,
  );
  await attachScreenshot(page, testInfo, 'watch-panel');
  await root.getByRole('button', { name: 'Stop watching' }).click();
  await root.getByRole('button', { name: 'Yes, stop watching' }).click();
  await expect(
    panel.getByTestId('watch-roots').getByRole('listitem').filter({ hasText: watched }),
  ).toHaveCount(0);
});
