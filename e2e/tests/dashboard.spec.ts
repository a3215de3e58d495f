// Journey: an admin opens the dashboard (now playing) and sees which server this is and how big its
// library is.
import { expect, test } from '@playwright/test';
import { loginWithForm } from './support/index.js';

test('dashboard shows the server version and the library size', async ({ page }, testInfo) => {
  await loginWithForm(page, 'admin');
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Now playing' })).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveText('Live');
  await expect(page.getByTestId('server-version')).toHaveText(/\d+\.\d+\.\d+/);
  // The run starts from an empty database, but journeys before this one may have added music.
  await expect(page.getByTestId('library-files')).toHaveText(/^\d+ audio files?$/);
  // Scoped to main: Next's route announcer is an (empty) alert too.
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);

  await testInfo.attach('dashboard', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});

test('an address the dashboard does not have says so, with the way back', async ({
  page,
}, testInfo) => {
  await page.goto('/no-such-page');
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('No such page');
  await alert.getByRole('link', { name: 'Go to now playing' }).click();
  // not logged in in this test: now playing sends the user to the login page
  await expect(page).toHaveURL(/\/login/);
  await testInfo.attach('not-found', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
