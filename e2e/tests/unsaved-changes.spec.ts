// Journeys (issue #12.4): unsaved mood and playlist edits are not lost without a question: an
// in-app link, opening another one and closing the tab all ask first; "stay" keeps the edits.
import { expect, test, type Dialog, type Page } from '@playwright/test';
import { attachScreenshot, command, login, musicDir } from './support/index.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Answers the next dialog of `page` and tells which it was. */
function answerNext(page: Page, accept: boolean): Promise<{ type: string; message: string }> {
  return new Promise((resolve) => {
    page.once('dialog', (d: Dialog) => {
      resolve({ type: d.type(), message: d.message() });
      void (accept ? d.accept() : d.dismiss());
    });
  });
}

const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** An in-app link, "stay", then closing the tab, "stay": the page and its edits remain. */
async function staysOnLeaving(page: Page, path: string): Promise<void> {
  let asked = answerNext(page, false);
  await navLink(page, 'Library').click();
  expect(await asked).toEqual({ type: 'confirm', message: expect.stringMatching(/unsaved/) });
  await expect(page).toHaveURL(new RegExp(`${path}$`));

  asked = answerNext(page, false);
  await page.close({ runBeforeUnload: true });
  expect((await asked).type).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

test('mood: leaving with unsaved edits asks first; unchanged leaves at once', async ({
  page,
}, testInfo) => {
  await login(page, 'admin');
  const stamp = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const [first, second] = [`keep-a-${stamp}`, `keep-b-${stamp}`];
  for (const name of [first, second])
    await command(page, 'afs.addmood', { args: [name], data: base64('artist =~ /Basalt/\n') });
  const dialogs: string[] = [];
  page.on('dialog', (d) => dialogs.push(d.type()));

  // nothing changed: the link just goes
  await page.goto('/moods');
  await page.getByRole('button', { name: first, exact: true }).click();
  const editor = page.getByRole('textbox', { name: `Mood definition of ${first}` });
  await expect(editor).toContainText('Basalt');
  await navLink(page, 'Library').click();
  await expect(page).toHaveURL(/\/library$/);
  expect(dialogs).toEqual([]);

  await page.goto('/moods');
  await page.getByRole('button', { name: first, exact: true }).click();
  await editor.fill('artist =~ /Cirrus/');
  await expect(page.getByRole('heading', { name: /\(changed\)$/ })).toBeVisible();

  await staysOnLeaving(page, '/moods');
  // opening another mood would replace the editor: asked too
  const asked = answerNext(page, false);
  await page.getByRole('button', { name: second, exact: true }).click();
  expect((await asked).type).toBe('confirm');
  await expect(editor).toContainText('Cirrus');
  await attachScreenshot(page, testInfo, 'mood-unsaved');

  // "leave" leaves
  const leave = answerNext(page, true);
  await navLink(page, 'Library').click();
  await leave;
  await expect(page).toHaveURL(/\/library$/);
});

test('playlist: leaving with unsaved edits asks first', async ({ page }, testInfo) => {
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  const name = `keep-${testInfo.project.name}-${Date.now().toString(36)}`;
  await command(page, 'afs.addpl', {
    args: [name],
    data: base64(`${musicDir()}/01-morning-tide.mp3\n`),
  });

  await page.goto('/playlists');
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByTestId('playlist-count')).toHaveText('1 entry');
  await page.getByLabel('Search path, artist, title, album').fill('*/05-*');
  await page.getByRole('button', { name: 'Find files' }).click();
  await page.getByRole('button', { name: /^Add .*05-high-wind\.mp3$/ }).click();
  await expect(page.getByTestId('playlist-count')).toHaveText('2 entries');

  await staysOnLeaving(page, '/playlists');
  await expect(page.getByTestId('playlist-count')).toHaveText('2 entries');
  await attachScreenshot(page, testInfo, 'playlist-unsaved');

  // saved: nothing to lose, the link just goes
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Playlist ${name}$`) })).toBeVisible();
  await navLink(page, 'Library').click();
  await expect(page).toHaveURL(/\/library$/);
});
