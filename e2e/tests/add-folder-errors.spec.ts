// Journey (issue #12.3): "Add a folder" with a path the server refuses (missing, relative) keeps
// its panel open and shows the reason under the field, until the path is edited.
import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, dataDir, login } from './support/index.js';

const panel = (page: Page) => page.locator('details').filter({ hasText: 'Add a folder' });

async function addRefused(page: Page, path: string, reason: RegExp): Promise<void> {
  const field = page.getByLabel('Folder or file on the server');
  await field.fill(path);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const error = panel(page).getByRole('alert');
  await expect(error).toContainText(reason);
  await expect(error).toBeInViewport();
  // the answer must not fold the panel away
  await expect(panel(page)).toHaveAttribute('open', '');
  await expect(field).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
}

test('a missing or relative path: the panel stays open and says why', async ({
  page,
}, testInfo) => {
  await login(page, 'admin');
  await page.goto('/library');
  await page.getByText('Add a folder').click();

  const missing = `${dataDir()}/no-such-folder-${testInfo.project.name}`;
  await addRefused(page, missing, /no such file or directory/);
  await expect(panel(page).getByRole('alert')).toContainText(missing);
  await attachScreenshot(page, testInfo, 'add-folder-missing');

  await addRefused(page, 'music/relative', /not an absolute path/);

  // editing the path clears the error about the old one
  await page.getByLabel('Folder or file on the server').fill('/srv');
  await expect(panel(page).getByRole('alert')).toHaveCount(0);
  await expect(panel(page)).toHaveAttribute('open', '');
});
