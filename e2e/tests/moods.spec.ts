// Journey: an admin writes a mood, sees its error while it is malformed, then its live preview,
// saves it and selects it.
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login, musicDir } from './support/index.js';

test('write, check, preview, save and select a mood', async ({ page }, testInfo) => {
  await login(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  const name = `basalt-${testInfo.project.name}-${Date.now().toString(36)}`;

  await page.goto('/moods');
  await expect(page.getByRole('heading', { level: 1, name: 'Moods' })).toBeVisible();
  await page.getByLabel('New mood name').fill(name);
  await page.getByRole('button', { name: 'New mood' }).click();

  const editor = page.getByRole('textbox', { name: `Mood definition of ${name}` });
  await expect(editor).toBeVisible();
  // malformed: a bare word where a string is needed
  await editor.fill('artist == Basalt');
  const error = page.getByTestId('mood-error');
  await expect(error).toContainText('Line 1, column 11');
  // a mood with an error cannot be saved
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });
  await expect(saveButton).toBeDisabled();
  await expect(page.getByText('Fix the error in the mood to save it.')).toBeVisible();
  // the marker under the error position, and the editor says where its description is
  await expect(page.locator('.cm-lintRange-error')).toHaveText('B');
  await expect(page.locator('.cm-lint-marker-error')).toBeVisible();
  await expect(editor).toHaveAttribute('aria-describedby', 'mood-error-message');
  await page.screenshot({ path: testInfo.outputPath('mood-error.png') });

  await editor.fill('# the two Basalt files\nartist =~ /Basalt/');
  await expect(error).toHaveCount(0);
  await expect(saveButton).toBeEnabled();
  await expect(page.getByTestId('mood-count')).toHaveText('2 matching files');
  const preview = page.getByTestId('mood-preview').getByRole('listitem');
  await expect(preview).toHaveCount(2);
  await expect(preview.filter({ hasText: 'granite-steps' })).toHaveCount(1);
  await expect(preview.filter({ hasText: 'quartz' })).toHaveCount(1);

  // why a preview file scores what it scores
  await preview
    .first()
    .getByRole('button', { name: /^Why\?/ })
    .click();
  await expect(page.getByTestId('score-breakdown')).toContainText('Score with this mood');
  const breakdown = page.getByTestId('score-breakdown');
  await expect(breakdown).toContainText(/never played|played (once|\d+ times)/);
  // one score, explained once: no second score or formula total for the same file
  await expect(breakdown).not.toContainText(/Formula|score \d/);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Mood ${name}$`) })).toBeVisible();
  await expect(page.getByRole('button', { name, exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await expect(page.getByTestId('afs-mode')).toHaveText(`m/${name}`);
  await expect(page.getByRole('button', { name: 'Selected', exact: true })).toBeDisabled();

  // stored: a fresh page opens it with the same text
  await page.reload();
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('textbox', { name: `Mood definition of ${name}` })).toContainText(
    'artist =~ /Basalt/',
  );
  await expect(page.getByTestId('mood-count')).toHaveText('2 matching files');
  await attachScreenshot(page, testInfo, 'moods');

  // back to every file, so other journeys see the whole library
  await page.getByRole('button', { name: 'Use all files' }).click();
  await expect(page.getByTestId('afs-mode')).toHaveText('dummy');
});

test('a guest sees moods but cannot change them', async ({ page }, testInfo) => {
  await login(page, 'guest');
  await page.goto('/moods');
  await expect(page.getByRole('button', { name: 'New mood' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Use all files' })).toBeDisabled();
  await attachScreenshot(page, testInfo, 'moods-guest');
});
