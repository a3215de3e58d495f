// Journeys (issue #7): the users page shows me and the user list, creates an API token (shown
// once, and it works), revokes it (and it stops working), and checks a password change form.
import { expect, test } from '@playwright/test';
import { API_URL, attachScreenshot, loginWithForm } from './support/index.js';

async function meWith(token: string): Promise<number> {
  const res = await fetch(`${API_URL}/trpc/auth.me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

test('users page: me, the user list, a token created and revoked', async ({ page }, testInfo) => {
  await loginWithForm(page, 'admin');
  await page.goto('/users');
  await expect(page.getByTestId('me-user')).toHaveText('admin');
  await expect(page.getByTestId('me-permissions')).toContainText('VSS_WRITE');
  const list = page.getByTestId('user-list');
  await expect(list.getByRole('row', { name: /admin \(you\)/ })).toContainText('AFS_WRITE');
  await expect(list.getByRole('row', { name: /guest/ })).toContainText('AFS_READ | VSS_READ');

  const label = `e2e ${testInfo.project.name} ${Date.now()}`;
  await page.getByLabel('Label').fill(label);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent()) ?? '';
  expect(token).toMatch(/^pwt_/);
  expect(await meWith(token)).toBe(200);
  const row = page.getByTestId('tokens').getByRole('row', { name: new RegExp(label) });
  await expect(row).toBeVisible();
  await attachScreenshot(page, testInfo, 'users-token');

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  await row.getByRole('button', { name: `Revoke ${label}` }).click();
  await row.getByRole('button', { name: `Yes, revoke ${label}` }).click();
  await expect(row).toHaveCount(0);
  expect(await meWith(token)).toBe(401);
});

test('change password: mistakes are explained; a change works and is changed back', async ({
  page,
}, testInfo) => {
  await loginWithForm(page, 'guest');
  await page.goto('/users');
  const form = page.locator('form').filter({ hasText: 'Change my password' });
  const fill = async (current: string, next: string, again: string) => {
    await form.getByLabel('Current password').fill(current);
    await form.getByLabel('New password', { exact: true }).fill(next);
    await form.getByLabel('New password again').fill(again);
    await form.getByRole('button', { name: 'Change password' }).click();
  };
  await fill('guest-password', 'one-password', 'another-password');
  await expect(form.getByRole('alert')).toHaveText('The two new passwords differ.');
  await fill('not-the-password', 'temporary-password', 'temporary-password');
  await expect(form.getByRole('alert')).toContainText('wrong password');
  await attachScreenshot(page, testInfo, 'users-password-error');

  await fill('guest-password', 'temporary-password', 'temporary-password');
  await expect(form.getByRole('status')).toContainText('Password changed');
  // this session was renewed: the page still works; then the old password comes back
  await fill('temporary-password', 'guest-password', 'guest-password');
  await expect(form.getByRole('status')).toContainText('Password changed');
});
