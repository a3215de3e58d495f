// Journey (issue 12 item 5): cover art end to end. An admin adds a folder through the library page:
// an mp3 with its cover in ID3 (APIC), a flac with a PICTURE block, and an ogg without a picture
// beside the folder's cover.jpg. The library shows each file's cover; now playing and the web
// player show the cover of the file that plays. Each picture has its own size (64, 80, 96 px), so
// the test knows which one a page shows.
import { expect, test, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachScreenshot, command, dataDir, login } from './support/index.js';
import { vssStatus } from './support/stream.js';

const script = fileURLToPath(new URL('../scripts/make-covers.sh', import.meta.url));
/** the cover's width by the first word of the title */
const WIDTH: Record<string, number> = { Apic: 64, Picture: 80, Folder: 96 };

/** The picture's own width once the browser has decoded it. */
async function pictureWidth(img: Locator): Promise<number> {
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)))
    .toBeGreaterThan(0);
  return img.evaluate((i: HTMLImageElement) => i.naturalWidth);
}

test('covers from the files and the folder: library, now playing and player', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const stamp = `${testInfo.project.name}${Date.now().toString(36)}`;
  const dir = path.join(dataDir(), `covers-${stamp}`);
  execFileSync('bash', [script, dir, stamp]);
  await login(page, 'admin');

  // add the folder through the library page
  await page.goto('/library');
  await page.getByLabel('Search path, artist, title, album').fill(stamp);
  await page.getByText('Add a folder').click();
  await page.getByLabel('Folder or file on the server').fill(dir);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('add-report')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('add-added')).toHaveText('3');

  // the library: each row shows its own cover
  const rows = page.getByTestId('library-row');
  await expect(rows).toHaveCount(3);
  for (const [name, width] of [
    ['01-apic.mp3', 64],
    ['02-picture.flac', 80],
    ['03-folder.ogg', 96],
  ] as const) {
    const row = rows.filter({ hasText: name });
    expect(await pictureWidth(row.getByRole('img', { name: `Cover of Covers ${stamp}` }))).toBe(
      width,
    );
  }
  await attachScreenshot(page, testInfo, 'library-covers');

  // play these three files only
  const files = ['embedded/01-apic.mp3', 'embedded/02-picture.flac', 'folder/03-folder.ogg'];
  const data = Buffer.from(files.map((f) => path.join(dir, f)).join('\n') + '\n').toString(
    'base64',
  );
  await command(page, 'afs.addpl', { args: [`covers-${stamp}`], data });
  await command(page, 'afs.select', { args: [`p/covers-${stamp}`] });
  await command(page, 'vss.stop');
  await command(page, 'vss.play');

  // now playing: the cover of each file in turn
  await page.goto('/');
  const title = page.getByTestId('now-title');
  const seen = new Set<string>();
  for (let i = 0; i < 3; i++) {
    await expect(title).toHaveText(new RegExp(`^(Apic|Picture|Folder) ${stamp}$`));
    const word = (await title.textContent())!.split(' ')[0]!;
    seen.add(word);
    const cover = page.getByRole('img', { name: /^Cover image / });
    expect(await pictureWidth(cover), word).toBe(WIDTH[word]);
    if (i === 0) await attachScreenshot(page, testInfo, 'now-playing-cover');
    if (i < 2) {
      await command(page, 'vss.next');
      await expect(title).not.toHaveText(`${word} ${stamp}`);
    }
  }
  expect([...seen].sort()).toEqual(['Apic', 'Folder', 'Picture']);

  // the web player shows the cover of what plays
  await page.goto('/player');
  const playing = (await vssStatus(page)).title!;
  await expect(page.getByTestId('player-title')).toHaveText(playing);
  const cover = page.getByRole('img', { name: `Cover of Covers ${stamp}` });
  expect(await pictureWidth(cover)).toBe(WIDTH[playing.split(' ')[0]!]);
  await attachScreenshot(page, testInfo, 'player-cover');
});
