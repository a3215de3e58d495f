// Journey: one search rule everywhere. Files tagged "Björk" and "Sigur Rós" are found by
// "bjork" and "sigur ros" (case and accents do not count, words anywhere in path and tags) in the
// library, in a playlist's "add files" and when attaching lyrics; a * or ? makes a wildcard; each
// search box says the rule.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attachScreenshot, command, dataDir, login } from './support/index.js';

/** two Ogg Vorbis files (UTF-8 tags) with accented artists, unique to this run */
function makeFolder(stamp: string): string {
  const dir = path.join(dataDir(), `search-${stamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const base = 400 + (Date.now() % 3000);
  [
    ['Björk', 'Jóga', 'Homogenic'],
    ['Sigur Rós', 'Hoppípolla', 'Takk'],
  ].forEach(([artist, title, album], i) => {
    const wav = path.join(dir, `${i}.wav`);
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-b',
      '16',
      '-c',
      '1',
      wav,
      'synth',
      '2',
      'sine',
      `${base + i * 9}`,
    ]);
    const ogg = path.join(dir, `${String(i + 1).padStart(2, '0')}-track.ogg`);
    execFileSync('oggenc', [
      '-Q',
      '-a',
      artist!,
      '-t',
      `${title} ${stamp}`,
      '-l',
      album!,
      '-d',
      '1997',
      '-o',
      ogg,
      wav,
    ]);
    fs.rmSync(wav);
  });
  return dir;
}

const RULE = /case and accents do not count/;

async function librarySearch(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search path, artist, title, album').fill(text);
}

test('bjork finds Björk, sigur ros finds Sigur Rós: library, playlist, attach', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const dir = makeFolder(stamp);
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [dir] });

  // the library
  await page.goto('/library');
  const search = page.getByRole('search', { name: 'Search and filter the library' });
  await expect(search.getByText(RULE)).toBeVisible();
  const rows = page.getByTestId('library-row');
  await librarySearch(page, `bjork ${stamp}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Björk');
  await librarySearch(page, `SIGUR ROS hoppipolla ${stamp}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Sigur Rós');
  // words anywhere: the album of one, the folder name of both
  await librarySearch(page, `homogenic search-${stamp}`);
  await expect(rows).toHaveCount(1);
  await librarySearch(page, `search-${stamp} 1997`);
  await expect(rows).toHaveCount(2);
  // a wildcard matches a whole path or tag
  await librarySearch(page, `*/search-${stamp}/02-*`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Sigur Rós');
  await attachScreenshot(page, testInfo, 'search-library');

  // a playlist's "add files"
  await page.goto('/playlists');
  await page.getByLabel('New playlist name').fill(`search-${stamp}`);
  await page.getByRole('button', { name: 'New playlist' }).click();
  await expect(page.getByText('This playlist is empty')).toBeVisible();
  const addFiles = page.getByRole('region', { name: 'Add files' });
  await expect(addFiles.getByText(RULE)).toBeVisible();
  await addFiles.getByLabel('Search path, artist, title, album').fill(`sigur ros ${stamp}`);
  await addFiles.getByRole('button', { name: 'Find files' }).click();
  await expect(addFiles.getByRole('status')).toContainText('1 file matches');
  await expect(addFiles.getByRole('list', { name: 'Matching files' })).toContainText(
    path.join(dir, '02-track.ogg'),
  );

  // attaching lyrics
  const lyrics = path.join(dataDir(), `words-${stamp}.txt`);
  fs.writeFileSync(lyrics, 'la la la\n');
  await page.goto('/blobs');
  await page.getByLabel('Lyrics file').setInputFiles(lyrics);
  await page
    .getByRole('form', { name: 'Upload lyrics' })
    .getByRole('button', { name: 'Upload' })
    .click();
  await page
    .getByTestId('blob-list-lyr')
    .getByRole('button', { name: `words-${stamp}`, exact: true })
    .click();
  const details = page.getByRole('region', { name: `lyrics words-${stamp}` });
  await expect(details.getByText(RULE)).toBeVisible();
  await details.getByLabel('Attach to files matching').fill(`BJORK ${stamp}`);
  await details.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(details.getByRole('status')).toHaveText('Attached to 1 file.');
  const result = (await command(page, 'library.page', { search: `björk ${stamp}` }, 'query')) as {
    rows: { artist: string; lyricsId: number }[];
  };
  expect(result.rows).toHaveLength(1);
  expect(result.rows[0]!.lyricsId).toBeGreaterThan(0);
  await attachScreenshot(page, testInfo, 'search-attach');
});
