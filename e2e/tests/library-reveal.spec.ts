// Journey: on a table sorted by last play, marking the first two rows as played sends them to
// the end of the order; the table follows them, and they are still checked.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { command, dataDir, login } from './support/index.js';

const FILES = 40;

/** FILES short MP3s of their own content (a frequency each) in a folder of this run */
function makeFolder(stamp: string): string {
  const dir = path.join(dataDir(), `reveal-${stamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const base = 200 + (Date.now() % 2000);
  for (let i = 0; i < FILES; i++) {
    const wav = path.join(dir, 'x.wav');
    const tone = `${base + i * 11}`;
    execFileSync('sox', [
      '-n',
      '-r',
      '22050',
      '-b',
      '16',
      '-c',
      '1',
      wav,
      'synth',
      '1',
      'sine',
      tone,
    ]);
    const mp3 = path.join(dir, `${String(i).padStart(2, '0')}-tone.mp3`);
    execFileSync('lame', ['--quiet', '--tt', `Tone ${i} ${stamp}`, wav, mp3]);
    fs.rmSync(wav);
  }
  return dir;
}

test('after "Mark played" on a table sorted by last play, the selected rows stay in view and checked', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const dir = makeFolder(stamp);
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [dir] });
  // distinct play dates (a day apart), oldest for the first file
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, `${String(i).padStart(2, '0')}-tone.mp3`);
    await command(page, 'afs.touch', {
      numPlayed: 1,
      lastPlayed: 1_600_000_000 + i * 86_400,
      args: [file],
    });
  }

  await page.goto('/library');
  await page.getByLabel('Search path, artist, title, album').fill(`reveal-${stamp}`);
  await expect(page.getByTestId('library-total')).toHaveText(`${FILES} matching files`);
  await page.getByRole('button', { name: 'Last played' }).click();
  const box = (i: number) =>
    page.getByRole('checkbox', {
      name: `Select ${path.join(dir, `${String(i).padStart(2, '0')}-tone.mp3`)}`,
    });
  await box(0).click();
  await box(1).click();
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  // the last file of the order is far below: not rendered (the table is virtualized)
  await expect(box(FILES - 1)).toHaveCount(0);

  await page.getByRole('button', { name: 'Mark played' }).click();
  await expect(page.getByText('Counted 2 files as played.')).toBeVisible();
  // now played last: at the end of the order, where the table has scrolled
  const table = page.getByRole('table', { name: 'Audio files' });
  /** whether the checkbox shows inside the table's scroll area (not scrolled away) */
  const shown = async (i: number): Promise<boolean> => {
    const [t, b] = [await table.boundingBox(), await box(i).boundingBox()];
    return Boolean(t && b && b.y >= t.y && b.y + b.height <= t.y + t.height);
  };
  await expect.poll(() => shown(0)).toBe(true);
  await expect.poll(() => shown(1)).toBe(true);
  await expect(box(0)).toBeChecked();
  await expect(box(1)).toBeChecked();
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
});
