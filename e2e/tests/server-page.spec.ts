// Journey (issue #7): the server page shows the version, uptime, tasks, the playout leader (one
// box here: SQLite) and the recent log lines (a warning the test causes shows up).
import { expect, test } from '@playwright/test';
import { attachScreenshot, command, login } from './support/index.js';

test('server page: version, uptime, tasks and recent log lines', async ({ page }, testInfo) => {
  await login(page, 'admin');
  // deleting a UDP target that is not there is logged as a warning (the e2e log level)
  const host = `10.99.${Date.now() % 250}.${testInfo.project.name === 'phone' ? 2 : 1}`;
  await command(page, 'vss.sender', { args: ['udp', 'delete', host] });
  await page.goto('/server');
  await expect(page.getByTestId('server-version')).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(page.getByTestId('server-uptime')).toHaveText(/\d+:\d\d:\d\d/);
  await expect(page.getByTestId('tasks')).toContainText('web API');
  await expect(page.getByTestId('leader-summary')).toHaveText(/^One box \(SQLite\): no election/);
  const log = page.getByTestId('log-lines');
  await expect(log.getByRole('listitem').filter({ hasText: host })).toContainText(
    'no such udp target',
  );
  await attachScreenshot(page, testInfo, 'server');
});
