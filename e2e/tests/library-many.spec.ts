// Journey (issue #12.1): a library of 300 files, scrolled to the bottom, then searched, filtered
// and partly removed: the page stays and shows each result (it used to crash with React error
// #301 when the table's row count changed while scrolled down).
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attachScreenshot, command, dataDir, login } from './support/index.js';

const MP3_FILES = 280;
const OGG_FILES = 20;

/** an ID3v1 tag: a title of its own makes each copy of one MP3 a new file (another hash) */
function id3v1(title: string, artist: string): Buffer {
  const tag = Buffer.alloc(128);
  tag.write('TAG', 0, 'latin1');
  tag.write(title.slice(0, 30), 3, 'latin1');
  tag.write(artist.slice(0, 30), 33, 'latin1');
  tag[127] = 255; // no genre
  return tag;
}

/** 280 MP3 and 20 Ogg Vorbis files, tagged with `stamp` (fresh content per run) */
function makeManyFiles(stamp: string): string {
  const dir = path.join(dataDir(), `many-${stamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const wav = path.join(dir, 'tone.wav');
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-b',
    '16',
    '-c',
    '1',
    wav,
    'synth',
    '0.3',
    'sine',
    '440',
  ]);
  const mp3 = path.join(dir, 'tone.mp3');
  execFileSync('lame', ['--quiet', wav, mp3]);
  const audio = fs.readFileSync(mp3);
  for (let i = 0; i < MP3_FILES; i++) {
    const n = String(i).padStart(3, '0');
    const file = path.join(dir, `${stamp}-${n}.mp3`);
    fs.writeFileSync(file, Buffer.concat([audio, id3v1(`Many ${n}`, stamp)]));
  }
  for (let i = 0; i < OGG_FILES; i++) {
    const n = String(MP3_FILES + i).padStart(3, '0');
    const file = path.join(dir, `${stamp}-${n}.ogg`);
    execFileSync('oggenc', ['-Q', '-t', `Many ${n}`, '-a', stamp, '-o', file, wav]);
  }
  fs.rmSync(wav);
  fs.rmSync(mp3);
  return dir;
}

/** library-table.tsx */
const ROW_HEIGHT = 36;
const rows = (page: Page) => page.getByTestId('library-row');
const search = (page: Page) =>
  page.getByRole('search', { name: 'Search and filter the library' }).getByRole('searchbox');

/** Scrolls the table to its last row and waits for that row to be loaded. */
async function scrollToBottom(page: Page, lastPath: RegExp): Promise<void> {
  await page
    .getByRole('table', { name: 'Audio files' })
    .evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(rows(page).filter({ hasText: lastPath })).toHaveCount(1);
}

/** Scrolls the table so that row `index` is at the top, and waits for `path` to be loaded. */
async function scrollTo(page: Page, index: number, path: RegExp): Promise<void> {
  await page
    .getByRole('table', { name: 'Audio files' })
    .evaluate((el, top) => el.scrollTo({ top }), index * ROW_HEIGHT);
  await expect(rows(page).filter({ hasText: path })).toHaveCount(1);
}

const rowOf = (page: Page, basename: string) => rows(page).filter({ hasText: basename });

/** the shell is still there: no error page took its place */
async function pageStays(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByText('This page ran into a problem')).toHaveCount(0);
}

test('300 files: scrolled down, then search, filter and remove; the page stays', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const stamp = `many${testInfo.project.name}${Date.now().toString(36)}`;
  const dir = makeManyFiles(stamp);
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [dir] });

  await page.goto('/library');
  await search(page).fill(stamp);
  await expect(page.getByTestId('library-total')).toHaveText('300 matching files');

  // a search while scrolled down: 10 of 300
  await scrollToBottom(page, /-299\.ogg/);
  await search(page).fill(`${stamp}-01`);
  await pageStays(page);
  await expect(page.getByTestId('library-total')).toHaveText('10 matching files');
  await expect(rows(page)).toHaveCount(10);
  await expect(rows(page).first()).toContainText(`${stamp}-010.mp3`);

  // a format filter while scrolled down
  await search(page).fill(stamp);
  await expect(page.getByTestId('library-total')).toHaveText('300 matching files');
  await scrollToBottom(page, /-299\.ogg/);
  await page.getByLabel('Format').selectOption('ogg');
  await pageStays(page);
  await expect(page.getByTestId('library-total')).toHaveText('20 matching files');
  await expect(rows(page)).toHaveCount(20);
  await page.getByLabel('Format').selectOption('');
  await expect(page.getByTestId('library-total')).toHaveText('300 matching files');

  // remove the last 100 rows while scrolled down: the count falls back into the pages above,
  // which the cache still holds with the old count
  await scrollTo(page, 150, new RegExp(`${stamp}-150\\.mp3`));
  await scrollToBottom(page, /-299\.ogg/);
  await rowOf(page, `${stamp}-299.ogg`).getByRole('checkbox').click();
  await scrollTo(page, 195, new RegExp(`${stamp}-200\\.mp3`));
  await rowOf(page, `${stamp}-200.mp3`)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('100 selected');
  await scrollToBottom(page, /-299\.ogg/);
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await pageStays(page);
  await expect(page.getByTestId('library-total')).toHaveText('200 matching files');
  await expect(rowOf(page, `${stamp}-199.mp3`)).toHaveCount(1);
  await expect(rows(page).filter({ hasText: /-2\d\d\.(mp3|ogg)/ })).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'library-many');
  expect(errors).toEqual([]);
  // 0.3 s files would make a stream of the whole library hop along for the journeys after this
  await command(page, 'afs.rm', { args: [`${dir}/*`], force: true });
  await expect(page.getByTestId('library-total')).toHaveText('0 matching files');
});
