// Journey: an admin adds a new folder through the library page and watches its files appear
// (with the broken file reported as skipped), sorts, searches, and sets an attribute on two
// selected rows; a guest sees the library but every write control is disabled.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attachScreenshot, command, dataDir, login, musicDir } from './support/index.js';

/** three new tagged MP3 files (a frequency of their own per run, so new content) + a broken one */
function makeFolder(stamp: string): string {
  const dir = path.join(dataDir(), `library-${stamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const base = 300 + (Date.now() % 4000);
  ['Alpha', 'Bravo', 'Charlie'].forEach((word, i) => {
    const wav = path.join(dir, `${i}.wav`);
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-c',
      '1',
      wav,
      'synth',
      '2',
      'sine',
      `${base + i * 7}`,
    ]);
    const mp3 = path.join(dir, `${String(i + 1).padStart(2, '0')}-${word.toLowerCase()}.mp3`);
    execFileSync('lame', [
      '--quiet',
      '--ta',
      `Zeta ${stamp}`,
      '--tt',
      `${word} ${stamp}`,
      '--tl',
      'Library journey',
      wav,
      mp3,
    ]);
    fs.rmSync(wav);
  });
  fs.copyFileSync(path.join(musicDir(), '99-broken.mp3'), path.join(dir, '99-broken.mp3'));
  return dir;
}

const rows = (page: Page) => page.getByTestId('library-row');

test('add a directory and watch files appear; sort, search, select and set an attribute', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const dir = makeFolder(stamp);
  const attribute = `picked-${stamp}`;
  await login(page, 'admin');
  await command(page, 'afs.addatt', { args: [attribute] });

  await page.goto('/library');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  // searching first: the new files appear live once added
  await page.getByLabel('Search path, artist, title, album').fill(stamp);
  await expect(page.getByTestId('library-total')).toHaveText('0 matching files');

  await page.getByText('Add a folder').click();
  await page.getByLabel('Folder or file on the server').fill(dir);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const report = page.getByTestId('add-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('add-added')).toHaveText('3');
  await expect(page.getByTestId('add-skipped')).toHaveText('1');
  await expect(page.getByTestId('add-skipped-files').getByRole('listitem')).toHaveText([
    new RegExp(`99-broken\\.mp3: .+`),
  ]);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('library-total')).toHaveText('3 matching files');
  await attachScreenshot(page, testInfo, 'library-added');

  // sort by title, then the other way round
  const titleHeader = page.getByRole('columnheader', { name: /Title/ });
  await titleHeader.getByRole('button').click();
  await expect(titleHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows(page).first()).toContainText(`Alpha ${stamp}`);
  await titleHeader.getByRole('button').click();
  await expect(titleHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(page).first()).toContainText(`Charlie ${stamp}`);

  // a narrower search
  await page.getByLabel('Search path, artist, title, album').fill(`bravo ${stamp}`);
  await expect(rows(page)).toHaveCount(1);
  await page.getByLabel('Search path, artist, title, album').fill(stamp);
  await expect(rows(page)).toHaveCount(3);

  // two rows: a click and a shift-click
  await rows(page).nth(0).getByRole('checkbox').click();
  await rows(page)
    .nth(1)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.getByLabel('Attribute', { exact: true }).selectOption(attribute);
  await page.getByRole('button', { name: 'Set attribute' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Set ${attribute} on 2 files.` }),
  ).toBeVisible();
  await expect(rows(page).filter({ hasText: attribute })).toHaveCount(2);
  await page.getByLabel('With attribute').selectOption(attribute);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('library-total')).toHaveText('2 matching files');
  await attachScreenshot(page, testInfo, 'library-attribute');
});

test('a guest sees the library with every write control disabled', async ({ page }, testInfo) => {
  await login(page, 'guest');
  await page.goto('/library');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByTestId('library-total')).toHaveText(/\d+ matching files?/);
  await page.getByText('Add a folder').click();
  await expect(page.getByLabel('Folder or file on the server')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  for (const name of ['Set attribute', 'Clear attribute', 'Mark played', 'Remove'])
    await expect(page.getByRole('button', { name, exact: true })).toBeDisabled();
  await attachScreenshot(page, testInfo, 'library-guest');
});
