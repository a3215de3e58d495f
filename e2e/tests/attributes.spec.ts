// Journey: an admin adds, renames and removes an attribute; the 64-bit limit reads as advice.
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login, musicDir } from './support/index.js';

test('add, rename and remove an attribute', async ({ page }, testInfo) => {
  await login(page, 'admin');
  const suffix = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const name = `live-${suffix}`;
  const renamed = `concert-${suffix}`;

  await page.goto('/attributes');
  await expect(page.getByRole('heading', { level: 1, name: 'Attributes' })).toBeVisible();
  // a name against the rule is refused as it is typed, in words; the error goes with the text
  const input = page.getByLabel('New attribute names');
  const problem = page.locator('#attribute-name-problem');
  await input.fill(`${name}+`);
  await expect(problem).toContainText('must not end in + or -');
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await input.fill(`${'x'.repeat(65)}`);
  await expect(problem).toContainText('at most 64 characters');
  await input.fill(name);
  await expect(problem).toHaveCount(0);
  await expect(input).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').first()).toHaveText(/^\d+$/);

  await row.getByRole('button', { name: `Rename ${name}` }).click();
  await page.getByLabel(`New name for ${name}`).fill(renamed);
  await page.getByRole('button', { name: 'Save name' }).click();
  const renamedRow = page.getByRole('row').filter({ hasText: renamed });
  await expect(renamedRow).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'attributes');

  // more than 64 at once: refused as a whole, with words that say why
  const many = Array.from({ length: 65 }, (_, i) => `bulk${i}-${suffix}`).join(' ');
  await page.getByLabel('New attribute names').fill(many);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('attribute-add-error')).toContainText(
    'All 64 attribute bits are taken',
  );
  await expect(page.getByRole('row').filter({ hasText: `bulk0-${suffix}` })).toHaveCount(0);

  // the remove question says how many files carry the attribute
  await command(page, 'afs.add', { args: [musicDir()] });
  await command(page, 'afs.setatt', { args: [`${renamed}+`, `${musicDir()}/0[12]-*`] });
  await renamedRow.getByRole('button', { name: 'Remove' }).click();
  await expect(renamedRow.getByRole('group')).toContainText('the 2 files that have it set');
  await renamedRow.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('row').filter({ hasText: renamed })).toHaveCount(0);
});

test('a guest sees attributes but cannot change them', async ({ page }, testInfo) => {
  await login(page, 'guest');
  await page.goto('/attributes');
  await expect(page.getByRole('heading', { level: 1, name: 'Attributes' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await expect(page.getByLabel('New attribute names')).toBeDisabled();
  await attachScreenshot(page, testInfo, 'attributes-guest');
});
