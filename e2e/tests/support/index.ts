// What every journey needs: the server's addresses, the e2e users, logging in, the music folder.
import { expect, type Page, type TestInfo } from '@playwright/test';
import path from 'node:path';
import { API_PORT, STREAM_PORT } from './ports.js';

export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const STREAM_URL = `http://127.0.0.1:${STREAM_PORT}/`;

/** made by scripts/start-server.sh: admin has every permission bit, guest AFS_READ + VSS_READ */
export const USERS = {
  admin: 'admin-password',
  guest: 'guest-password',
} as const;
export type E2eUser = keyof typeof USERS;

/** the data directory of this run (set by playwright.config.ts) */
export function dataDir(): string {
  const dir = process.env.PARAWEB_E2E_DATA_DIR;
  if (!dir) throw new Error('PARAWEB_E2E_DATA_DIR is not set: run the tests through playwright');
  return dir;
}

/** six tagged audio files and a broken one (scripts/make-music.sh) */
export function musicDir(): string {
  return path.join(dataDir(), 'music');
}

/** Logs in through the login form, as a user would. */
export async function loginWithForm(page: Page, user: E2eUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(USERS[user]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Logs in through the API (the session cookie lands in the page's browser context). */
export async function login(page: Page, user: E2eUser): Promise<void> {
  const res = await page.request.post(`${API_URL}/trpc/auth.login`, {
    headers: { 'x-paraweb-csrf': '1' },
    data: { user, password: USERS[user] },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** Runs a command through the API as admin, e.g. `command(page, 'afs.add', { args: [dir] })`. */
export async function command(
  page: Page,
  procedure: string,
  input: Record<string, unknown> = {},
  kind: 'query' | 'mutation' = 'mutation',
): Promise<unknown> {
  const url = `${API_URL}/trpc/${procedure}`;
  const res =
    kind === 'query'
      ? await page.request.get(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await page.request.post(url, { headers: { 'x-paraweb-csrf': '1' }, data: input });
  const body = await res.text();
  expect(res.status(), body).toBe(200);
  return (JSON.parse(body) as { result: { data: unknown } }).result.data;
}

/** Every journey attaches a screenshot of its page. */
export async function attachScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
): Promise<void> {
  await testInfo.attach(name, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
}
