// Journey: the web app is up but para_server is not; the admin gets a readable reason, not a blank page.
import { expect, test } from '@playwright/test';
import { DEAD_API_URL, WEB_NO_API_PORT } from './support/ports.js';

test('an unreachable server gives a readable error', async ({ page }, testInfo) => {
  await page.goto(`http://127.0.0.1:${WEB_NO_API_PORT}/`);

  // Scoped to main: Next's route announcer is an (empty) alert too.
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('Cannot reach the paraweb server');
  // The URL comes from PARAWEB_API_URL at run time, not from the build.
  await expect(alert).toContainText(DEAD_API_URL);
  await expect(page.getByTestId('server-status')).toHaveText('Offline');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeEnabled();

  await testInfo.attach('server-unreachable', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
