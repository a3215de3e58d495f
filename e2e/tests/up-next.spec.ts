// Journey (issue #12.2): "Up next" under a mood that admits three files. Track after track the
// list keeps its five rows (it used to grow by two with each change), never starts with the file
// playing now, and says of a file named again after how many other plays it comes back.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { attachScreenshot, command, login, musicDir } from './support/index.js';
import { vssStatus } from './support/stream.js';

const THREE = ['01-morning-tide.mp3', '03-granite-steps.mp3', '05-high-wind.mp3'];

/** the full paths of the rows, in order */
const rowPaths = (page: Page) =>
  page
    .getByTestId('upcoming')
    .getByRole('listitem')
    .evaluateAll((lis) =>
      lis.map((li) => li.querySelector('[title]')?.getAttribute('title') ?? ''),
    );

test('a mood of three files: five rows after every track change, none stale', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  const name = `up${testInfo.project.name.slice(0, 1)}${Date.now().toString(36).slice(-6)}`;
  await command(page, 'afs.addatt', { args: [name] });
  await command(page, 'afs.setatt', {
    args: [`${name}+`, ...THREE.map((f) => path.join(musicDir(), f))],
  });
  await command(page, 'afs.addmood', {
    args: [name],
    data: Buffer.from(`is_set("${name}")\n`).toString('base64'),
  });
  await command(page, 'afs.select', { args: [`m/${name}`] });
  const mine = new Set(THREE.map((f) => path.join(musicDir(), f)));

  try {
    const before = await vssStatus(page);
    await command(page, before.status === 'playing' ? 'vss.next' : 'vss.play');
    await page.goto('/');
    const rows = page.getByTestId('upcoming').getByRole('listitem');
    let playing = '';
    for (let change = 0; change < 5; change++) {
      if (change > 0) await command(page, 'vss.next');
      // a file of the mood other than the one before (the status may name the old one a moment)
      const previous = playing;
      await expect
        .poll(async () => {
          playing = (await vssStatus(page)).path ?? '';
          return playing !== previous && mine.has(playing);
        })
        .toBe(true);
      // the list follows the change: it does not start with the file playing now
      await expect.poll(async () => (await rowPaths(page))[0]).not.toBe(playing);
      await expect(rows).toHaveCount(5);
      // a moment later still five (stale rows used to stay beside the new ones)
      await page.waitForTimeout(700);
      await expect(rows).toHaveCount(5);
      const paths = await rowPaths(page);
      expect(paths.every((p) => mine.has(p))).toBe(true);
      // three files, five plays: the playing one comes third, and two files come again
      expect(paths[2]).toBe(playing);
      for (const i of [0, 1]) await expect(rows.nth(i)).not.toContainText('again');
      for (const i of [2, 3, 4])
        await expect(rows.nth(i)).toContainText('again after 2 other files');
    }
    await attachScreenshot(page, testInfo, 'up-next');
  } finally {
    await command(page, 'vss.stop');
    await command(page, 'afs.select', { args: ['dummy'] });
  }
});
