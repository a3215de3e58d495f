// Journey: the same frame on every page (title, favicon, heading, content width), the library's
// columns at 1440 px, a phone header that leaves room and reaches every menu entry, words where
// codes were, and the accessibility findings of issue 12 (names, contrast, the server's dl).
import { expect, test, type Page } from '@playwright/test';
import { command, loginWithForm, musicDir } from './support/index.js';

const PAGES = [
  ['/', 'Now playing'],
  ['/library', 'Library'],
  ['/moods', 'Moods'],
  ['/playlists', 'Playlists'],
  ['/schedule', 'Schedule'],
  ['/requests', 'Requests'],
  ['/attributes', 'Attributes'],
  ['/blobs', 'Images & lyrics'],
  ['/senders', 'Senders'],
  ['/audience', 'Audience'],
  ['/history', 'History'],
  ['/users', 'Users'],
  ['/server', 'Server'],
  ['/player', 'Web player'],
  ['/station', 'Public station'],
] as const;

async function frame(page: Page) {
  return page.evaluate(() => {
    const h1 = document.querySelector('main h1')!;
    const style = getComputedStyle(h1);
    const content = document.querySelector('main')!.firstElementChild!.getBoundingClientRect();
    return {
      font: `${style.fontSize} ${style.fontWeight}`,
      left: content.left,
      width: content.width,
    };
  });
}

test('every page: its own title, the favicon, one heading style and one content width', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await loginWithForm(page, 'admin');
  const frames = [];
  for (const [href, title] of PAGES) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page).toHaveTitle(`${title} · paraweb`);
    frames.push({ href, ...(await frame(page)) });
  }
  for (const f of frames) expect({ ...f, href: '' }).toEqual({ ...frames[0]!, href: '' });
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon!)).status()).toBe(200);
});

test('at 1440 px the library shows every column', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loginWithForm(page, 'admin');
  await page.goto('/library');
  const table = page.getByRole('table', { name: 'Audio files' });
  const box = (await table.boundingBox())!;
  const headers = table.getByRole('columnheader');
  expect(await headers.count()).toBeGreaterThan(10);
  for (const h of await headers.all()) {
    const b = (await h.boundingBox())!;
    expect(b.x + b.width, (await h.textContent()) ?? '').toBeLessThanOrEqual(box.x + box.width);
  }
  // and nothing scrolls sideways
  expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
});

test('on a phone the header stays small and every menu entry is reachable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginWithForm(page, 'admin');
  const header = (await page.locator('header.shell-header').boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(60);
  const nav = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
  expect(header.height + nav.height).toBeLessThanOrEqual(100);
  for (const [, label] of PAGES) {
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });
    await link.scrollIntoViewIfNeeded();
    await expect(link).toBeInViewport();
  }
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Web player' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Web player' })).toBeVisible();
});

test('words, not codes: selection, sender counts, the main access-list button', async ({
  page,
}) => {
  await loginWithForm(page, 'admin');
  await command(page, 'afs.select', { args: ['dummy'] });
  await page.goto('/moods');
  await expect(page.getByRole('region', { name: 'Current selection' })).toContainText(
    'dummy (all files)',
  );
  await page.goto('/senders');
  const http = page.getByTestId('sender-http');
  await expect(http.getByTestId('listeners-http')).toHaveText(/^\d+ listeners?$/);
  const udp = page.getByTestId('sender-udp');
  await expect(udp).toBeVisible();
  await expect(udp.getByText(/listener/)).toHaveCount(0);
  // the http access list is a deny list by default: deny is the main button, allow is quiet
  await expect(http.getByText(/^access deny list/)).toBeVisible();
  await expect(http.getByRole('button', { name: 'deny (http)' })).not.toHaveClass(/quiet/);
  await expect(http.getByRole('button', { name: 'allow (http)' })).toHaveClass(/quiet/);
});

/** WCAG relative luminance of a CSS color as Chromium computes it (rgb() or color(srgb ...)) */
function luminance(color: string): number {
  const rgb = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)/.exec(color);
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(color);
  const parts = rgb
    ? rgb.slice(1, 4).map((v) => Number(v) / 255)
    : srgb!.slice(1, 4).map((v) => Number(v));
  const [r, g, b] = parts.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test('accessible names, editor contrast and the server facts list', async ({ page }) => {
  await loginWithForm(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  // a button's accessible name contains what it shows (WCAG 2.5.3)
  await page.goto('/');
  for (const name of ['Back 10 s', 'Forward 10 s']) {
    const b = page.getByRole('group', { name: 'Playback controls' }).getByRole('button', { name });
    await expect(b).toHaveText(name);
  }
  // every token of the mood editor at 4.5:1 or more against the editor, in both themes
  await page.goto('/moods');
  await page.getByLabel('New mood name').fill(`contrast-${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'New mood' }).click();
  const editor = page.getByRole('textbox', { name: /^Mood definition of/ });
  await editor.fill(
    '# comment\nartist =~ /x/ && year >= 1990 && is_set("rock") || path =| "*.flac"',
  );
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    const pairs = await page.evaluate(() => {
      const bg = getComputedStyle(document.querySelector('.cm-editor')!).backgroundColor;
      return Array.from(document.querySelectorAll('.cm-content span[class]'), (s) => ({
        text: s.textContent,
        fg: getComputedStyle(s).color,
        bg,
      }));
    });
    expect(pairs.length).toBeGreaterThan(5);
    for (const p of pairs) {
      const [a, b] = [luminance(p.fg), luminance(p.bg)].sort((x, y) => y - x);
      expect(
        (a! + 0.05) / (b! + 0.05),
        `${theme} ${p.text} ${p.fg} on ${p.bg}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
  }
  // the server page's dl holds only dt and dd (inside div groups)
  await page.goto('/server');
  await expect(page.getByTestId('server-version')).toBeVisible();
  const strays = await page.evaluate(() =>
    Array.from(document.querySelectorAll<Element>('dl > div > *, dl > *:not(div)'))
      .filter((el) => !['DT', 'DD'].includes(el.tagName))
      .map((el) => el.outerHTML.slice(0, 60)),
  );
  expect(strays).toEqual([]);
});
