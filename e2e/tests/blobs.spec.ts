// Journey: an admin uploads an image, sees it listed and shown, and attaches it to an audio
// file; a guest sees images and lyrics but cannot change them.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { attachScreenshot, command, dataDir, login, musicDir } from './support/index.js';

interface PageResult {
  rows: { path: string; imageId: number }[];
}

test('upload an image, see it, attach it to a file', async ({ page }, testInfo) => {
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const png = path.join(dataDir(), `cover-${stamp}.png`);
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=orange:s=48x48',
    '-frames:v',
    '1',
    png,
  ]);
  await login(page, 'admin');
  // the music folder may be in the database already (add is idempotent)
  await command(page, 'afs.add', { args: [musicDir()] });

  await page.goto('/blobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Images & lyrics' })).toBeVisible();
  await page.getByLabel('Image file').setInputFiles(png);
  const name = `cover-${stamp}`;
  await page
    .getByRole('form', { name: 'Upload image' })
    .getByRole('button', { name: 'Upload' })
    .click();
  const item = page.getByTestId('blob-list-img').getByRole('button', { name, exact: true });
  await expect(item).toBeVisible();
  await item.click();
  const img = page.getByRole('img', { name: `Image ${name}` });
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(48);

  const target = path.join(musicDir(), '01-morning-tide.mp3');
  await page.getByLabel('Attach to files matching').fill(target);
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Attached to 1 file.' })).toBeVisible();
  const listed = (await command(page, 'afs.lsimg', { args: [name] }, 'query')) as {
    output: { blobs: { id: number }[] };
  };
  const result = (await command(page, 'library.page', { search: target }, 'query')) as PageResult;
  expect(result.rows[0]?.imageId).toBe(listed.output.blobs[0]?.id);
  await attachScreenshot(page, testInfo, 'blobs');
});

test('a guest sees images and lyrics but cannot change them', async ({ page }, testInfo) => {
  await login(page, 'guest');
  await page.goto('/blobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Images & lyrics' })).toBeVisible();
  await expect(page.getByLabel('Image file')).toBeDisabled();
  await expect(page.getByLabel('Lyrics file')).toBeDisabled();
  await attachScreenshot(page, testInfo, 'blobs-guest');
});
