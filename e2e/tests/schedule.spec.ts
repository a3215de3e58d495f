// Journey: an admin programs the week on the Schedule page: drags out a new entry, moves it to
// another day and hour, stretches it by its bottom edge, finds it stored (the server's `schedule
// ls`, a reload), sees a conflicting entry refused with the server's reason, asks what plays then,
// and deletes the mood, which the moods page says the schedule uses.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { attachScreenshot, command, loginWithForm, musicDir } from './support/index.js';

const HOUR_PX = 32; // apps/web/src/components/schedule/week-calendar.tsx
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Entry {
  id: number;
  mode: string;
  transition: string;
  fitTolerance: number;
  weekdays: number[];
  start: string;
  end: string;
}

async function schedule(page: Page, args: string[]): Promise<Record<string, unknown>> {
  const r = (await command(page, 'afs.schedule', { args })) as {
    output: Record<string, unknown>;
  };
  return r.output;
}

const entriesOf = async (page: Page, mode: string): Promise<Entry[]> =>
  ((await schedule(page, ['ls'])).entries as Entry[]).filter((e) => e.mode === mode);

/** presses at (x, y), moves to (x + dx, y + dy) in steps, releases */
async function drag(page: Page, x: number, y: number, dx: number, dy: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

test('drag to create, move and resize a schedule entry; a conflict is refused', async ({
  page,
}, testInfo) => {
  // 15-18 s at a load of 30 on two cores, once 28 s: room so that load alone does not fail it
  test.setTimeout(45_000);
  await loginWithForm(page, 'admin');
  await command(page, 'afs.add', { args: [musicDir()] });
  const stamp = Date.now().toString(36);
  const calm = `calm-${stamp}`;
  const loud = `loud-${stamp}`;
  const mood = (text: string) => Buffer.from(text).toString('base64');
  await command(page, 'afs.addmood', { args: [calm], data: mood('artist =~ /Basalt/') });
  await command(page, 'afs.addmood', { args: [loud], data: mood('artist =~ /Basalt/') });

  // two days of this week other than today (in the schedule's zone): nothing starts while we work
  const today = String((await schedule(page, ['now'])).local).slice(0, 10);
  await page.goto('/schedule');
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  const columns = page.getByTestId('schedule-grid').locator('[data-date]');
  await expect(columns).toHaveCount(7);
  const dates = await columns.evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
  const [a, b] = dates.flatMap((d, i) => (d === today ? [] : [i]));
  if (a === undefined || b === undefined) throw new Error('no two other days');

  // create: drag 06:00 -> 08:00 on day a, then choose the mood in the dialog
  const colA = await box(columns.nth(a));
  await drag(page, colA.x + colA.width / 2, colA.y + 6 * HOUR_PX + 1, 0, 2 * HOUR_PX);
  const dialog = page.getByRole('dialog', { name: 'New schedule entry' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(/^Start/)).toHaveValue('06:00');
  await expect(dialog.getByLabel('End', { exact: true })).toHaveValue('08:00');
  await expect(dialog.getByRole('checkbox', { name: DAYS[a] })).toBeChecked();
  await dialog.getByLabel('Mood or playlist').selectOption(`m/${calm}`);
  await dialog.getByLabel(/^Cut/).check();
  await dialog.getByRole('button', { name: 'Save entry' }).click();
  await expect(dialog).toBeHidden();
  const entry = (span: string, day: number) =>
    page.getByRole('button', { name: `${calm} (mood), ${span}, ${DAYS[day]}` });
  await expect(entry('06:00–08:00', a)).toBeVisible();

  // move: one hour later, to day b
  const colB = await box(columns.nth(b));
  const e1 = await box(entry('06:00–08:00', a));
  await drag(page, e1.x + e1.width / 2, e1.y + 10, colB.x - colA.x, HOUR_PX);
  await expect(entry('07:00–09:00', b)).toBeVisible();

  // resize: the bottom edge one hour down
  const block = page.getByTestId('schedule-entry').filter({ has: entry('07:00–09:00', b) });
  const edge = await box(block.locator('[data-edge="end"]'));
  await drag(page, edge.x + edge.width / 2, edge.y + edge.height / 2, 0, HOUR_PX);
  await expect(entry('07:00–10:00', b)).toBeVisible();

  // stored on the server, and there after a reload
  await expect
    .poll(() => entriesOf(page, `m/${calm}`))
    .toEqual([expect.objectContaining({ weekdays: [b + 1], start: '07:00', end: '10:00' })]);
  await page.reload();
  await expect(entry('07:00–10:00', b)).toBeVisible();
  await expect(page.getByTestId('schedule-now')).toHaveCount(dates.includes(today) ? 1 : 0);

  // a click opens the entry: its transition becomes fit within 5 s
  await entry('07:00–10:00', b).click();
  const edit = page.getByRole('dialog', { name: /^Schedule entry \d+$/ });
  await expect(edit.getByLabel(/^Cut/)).toBeChecked();
  await edit.getByLabel(/^Fit/).check();
  await edit.getByLabel('Fit tolerance in seconds').fill('5');
  await edit.getByRole('button', { name: 'Save entry' }).click();
  await expect(edit).toBeHidden();
  await expect
    .poll(() => entriesOf(page, `m/${calm}`))
    .toEqual([expect.objectContaining({ start: '07:00', transition: 'fit', fitTolerance: 5 })]);

  // a conflicting entry (dragged up from empty space, 11:00 -> 09:00, over the entry): the dialog
  // shows the server's reason and nothing is stored
  const colB2 = await box(columns.nth(b));
  await drag(page, colB2.x + colB2.width / 2, colB2.y + 11 * HOUR_PX + 1, 0, -2 * HOUR_PX);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Mood or playlist').selectOption(`m/${loud}`);
  await dialog.getByRole('button', { name: 'Save entry' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/overlaps entry \d+ \(m\/calm-/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await entriesOf(page, `m/${loud}`)).toEqual([]);

  // a move into a conflict: the server's reason is shown, the entry stays where it was
  const weekday = String(b + 1);
  await schedule(page, ['add', '-d', weekday, `m/${loud}`, '11:00-12:00']);
  await page.reload();
  await expect(page.getByRole('button', { name: `${loud} (mood), 11:00–12:00` })).toBeVisible();
  const e2 = await box(entry('07:00–10:00', b));
  await drag(page, e2.x + e2.width / 2, e2.y + 10, 0, 2 * HOUR_PX);
  await expect(page.getByTestId('schedule-move-error')).toContainText(/overlaps entry \d+/);
  await expect(entry('07:00–10:00', b)).toBeVisible();
  await expect(entry('07:00–10:00', b)).toHaveAccessibleName(/problem: not moved/);
  const [loudEntry] = await entriesOf(page, `m/${loud}`);
  await schedule(page, ['rm', String(loudEntry!.id)]);

  // what plays at 08:00 that day
  await page.getByLabel(/^Time \(/).fill(`${dates[b]}T08:00`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('schedule-preview')).toContainText(`${calm} (mood)`);
  await attachScreenshot(page, testInfo, 'schedule');

  // deleting the mood: the moods page names the entry, and confirming removes both
  await page.goto('/moods');
  await page.getByRole('button', { name: calm, exact: true }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(`The schedule uses mood ${calm} (schedule entry`)).toBeVisible();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('button', { name: calm, exact: true })).toHaveCount(0);
  expect(await entriesOf(page, `m/${calm}`)).toEqual([]);
  await command(page, 'afs.rmmood', { args: [loud] });
});
