// Journeys (issue #17): the Audience page with 30 days of generated sessions and plays (written
// through Prisma into the running server's database, as the recorder would have): its charts
// are drawn, its tables filled, a real listener shows in "listeners now", the CSV export
// downloads, bad ranges are refused; the History view lists the plays with their reasons.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_URL,
  attachScreenshot,
  command,
  dataDir,
  loginWithForm,
  musicDir,
  STREAM_URL,
} from './support/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const SESSIONS = 3000;
const PLAYS = 600;
const FAMILIES = ['VLC', 'Firefox', 'Chrome', 'iOS', 'Android'];
const OUTPUTS = ['/', '/live.mp3'];

/** what the spec uses of the server's Prisma client */
interface Db {
  prisma: {
    listenerSession: { createMany(a: { data: object[] }): Promise<unknown> };
    listenerHour: { createMany(a: { data: object[] }): Promise<unknown> };
    play: { createMany(a: { data: object[] }): Promise<unknown> };
  };
  close(): Promise<void>;
}

/** 30 days of sessions (with their hourly roll-ups) and plays, ending two hours ago, so they
 * never meet the hours the running server writes itself. */
async function seed(): Promise<{ sessions: number }> {
  const { openDatabase } = (await import(path.join(repo, 'apps/server/dist/src/db/index.js'))) as {
    openDatabase: (url: string) => Promise<Db>;
  };
  const db = await openDatabase(`file:${path.join(dataDir(), 'db', 'paraweb.db')}`);
  try {
    const end = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
    const start = end - 30 * DAY;
    let x = 17;
    const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sessions = [];
    const hours = new Map<string, { peak: number; seconds: number; sessions: number }>();
    for (let i = 0; i < SESSIONS; i++) {
      // more listeners in the evening, none in the seeded range's last hour
      const day = Math.floor(rnd() * 30);
      const at = start + day * DAY + Math.floor((12 + rnd() * 10) * HOUR);
      const len = Math.floor(20 + rnd() ** 2 * 3 * 3600);
      const output = OUTPUTS[i % OUTPUTS.length]!;
      if (at + len * 1000 >= end) continue;
      sessions.push({
        output,
        startedAt: new Date(at),
        endedAt: new Date(at + len * 1000),
        bytes: BigInt(len * 16_000),
        address: `192.0.2.0/24`,
        family: FAMILIES[i % FAMILIES.length]!,
        endReason: 'client',
      });
      for (let h = at - (at % HOUR); h < at + len * 1000; h += HOUR) {
        const key = `${h}|${output}`;
        const acc = hours.get(key) ?? { peak: 0, seconds: 0, sessions: 0 };
        acc.peak++;
        acc.seconds += (Math.min(h + HOUR, at + len * 1000) - Math.max(h, at)) / 1000;
        if (h <= at) acc.sessions++;
        hours.set(key, acc);
      }
    }
    for (let i = 0; i < sessions.length; i += 500)
      await db.prisma.listenerSession.createMany({ data: sessions.slice(i, i + 500) });
    const hourRows = [...hours].map(([key, acc]) => {
      const [h, output] = key.split('|');
      return {
        hour: new Date(Number(h)),
        output,
        peak: acc.peak,
        listenerSeconds: acc.seconds,
        sessions: acc.sessions,
      };
    });
    for (let i = 0; i < hourRows.length; i += 500)
      await db.prisma.listenerHour.createMany({ data: hourRows.slice(i, i + 500) });
    const plays = [];
    for (let i = 0; i < PLAYS; i++) {
      const at = start + Math.floor((i * 30 * DAY) / PLAYS);
      const listeners = 5 + Math.floor(rnd() * 40);
      const fileId = 900_000 + (i % 12);
      plays.push({
        fileId,
        path: `/seeded/audience-${fileId}.mp3`,
        startedAt: new Date(at),
        endedAt: new Date(at + 200_000),
        endReason: i % 7 === 0 ? 'skipped' : 'ended',
        mode: i % 2 === 0 ? 'm/evening' : 'p/morning',
        reason: i % 2 === 0 ? 'mood' : i % 10 === 1 ? 'schedule' : 'playlist',
        scheduleEntryId: i % 10 === 1 ? 3 : null,
        listenersStart: listeners,
        listenersPeak: listeners + 2,
        listenersEnd: listeners - (fileId % 5),
        tuneOuts: fileId % 5,
      });
    }
    await db.prisma.play.createMany({ data: plays });
    return { sessions: sessions.length };
  } finally {
    await db.close();
  }
}

let sessions = 0;
test.beforeAll(async () => {
  sessions = (await seed()).sessions;
});

test('the Audience page charts 30 days, counts a listener now and exports CSV', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await loginWithForm(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  await command(page, 'vss.play');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Audience' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audience' })).toBeVisible();
  await expect(page).toHaveTitle('Audience · paraweb');

  await page.getByRole('button', { name: '30 days' }).click();
  // 30 days in 6-hour points: 120 (121 when the range does not start on a boundary)
  for (const id of ['chart-listeners', 'chart-sessions', 'chart-hours', 'chart-median']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-points', /^12[01]$/);
    await expect(page.getByTestId(`${id}-canvas`).locator('canvas')).toBeVisible();
  }
  const total = Number(
    (await page.getByTestId('total-sessions').textContent())!.replace(/\D/g, ''),
  );
  // the seeded sessions, and any a journey before this one left
  expect(total).toBeGreaterThanOrEqual(sessions);
  await expect(page.getByTestId('top-files')).toContainText('audience-9000');
  await expect(page.getByTestId('tuneout-files')).toContainText('%');
  await expect(page.getByTestId('families')).toContainText('Firefox');
  await expect(page.getByTestId('outputs')).toContainText('/live.mp3');
  await expect(page.getByTestId('sessions-page')).toContainText('Page 1 of');
  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page.getByTestId('sessions-page')).toContainText('Page 2 of');

  // a real listener: the live count follows the server's push
  const req = httpGet(`${STREAM_URL}?audience-e2e=${Date.now()}`);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  res.resume();
  try {
    expect(res.statusCode).toBe(200);
    await expect(page.getByTestId('listeners-now')).toHaveText(/^[1-9]\d*$/);
    await expect(page.getByTestId('chart-live-canvas').locator('canvas')).toBeVisible();
    await attachScreenshot(page, testInfo, 'audience-light');
  } finally {
    req.destroy();
  }

  // the dark theme: the charts are drawn again in its colours
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('chart-listeners-canvas').locator('canvas')).toBeVisible();
  await attachScreenshot(page, testInfo, 'audience-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // CSV: the sessions of the 30 days, streamed by the API
  const download = page.waitForEvent('download');
  await page.getByTestId('csv-sessions').click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('id,output,started,ended,seconds,bytes,address,family,end');
  expect(lines.length - 1).toBeGreaterThanOrEqual(sessions);
  expect(lines[1]).toMatch(/^\d+,[^,]*,\d{4}-/);

  // bad input and no login get a clear refusal
  const bad = await page.request.get(`${API_URL}/audience/sessions.csv?since=yesterday`);
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('not a time: yesterday');
  const reversed = await page.request.get(`${API_URL}/audience/plays.csv?since=2d&until=3d`);
  expect(reversed.status()).toBe(400);
  expect(await reversed.text()).toContain('range is empty');
  await page.context().clearCookies();
  expect((await page.request.get(`${API_URL}/audience/plays.csv`)).status()).toBe(401);
});

test('the History view lists what played, with listeners and why', async ({ page }, testInfo) => {
  await loginWithForm(page, 'admin');
  await page.goto('/history');
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
  await page.getByRole('button', { name: '30 days' }).click();
  await page.getByLabel('Show').selectOption('500');
  const table = page.getByTestId('history');
  await expect(table).toContainText('audience-9000');
  // the server's own plays (mood "dummy") come first; the seeded ones follow with their reasons
  for (const why of [/mood\s*evening/, /playlist\s*morning/, /schedule\s*entry 3: morning/])
    await expect(table.getByRole('row').filter({ hasText: why }).first()).toBeVisible();
  await expect(table).toContainText('skipped');
  await attachScreenshot(page, testInfo, 'history');
});
