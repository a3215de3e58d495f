// The schedule command through the command table (argv as TCP and the CLI, structured input as
// tRPC) on a real SQLite database: entries, conflicts refused at save, moods in use kept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { Schedule } from '../../schedule/index.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const FILES = ['cbr128.mp3', 'vbr.mp3', 'vorbis.ogg', 'flac.flac'];
const ZONE = 'Europe/Berlin';

describe('schedule command', () => {
  let h: Harness;
  let lib: string;
  // Monday 2027-03-22 10:00 in Berlin (CET)
  const clock = Date.parse('2027-03-22T09:00:00Z');
  const lines = async (...argv: string[]): Promise<string[]> =>
    (await h.run(argv)).text.trim().split('\n').filter(Boolean);
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-sched-');
    for (const f of FILES) fs.copyFileSync(fixture(f), path.join(lib, f));
    await h.run(['add', lib]);
    await h.run(['addmood', 'calm'], { data: text('path =~ /ogg|flac/') });
    await h.run(['addmood', 'loud'], { data: text('path =~ /mp3/') });
    await h.run(['addpl', 'news'], { data: text(`${path.join(lib, 'vbr.mp3')}\n`) });
    h.services.schedule = await Schedule.open(h.tdb.db, h.afs, { zone: ZONE, now: () => clock });
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('add and ls: weekly and one-off entries, with their transitions', async () => {
    const a = await lines('schedule', 'add', '-d', 'mon,tue', 'm/calm', '07:00-12:00');
    assert.match(a[0]!, /^1\tmon,tue\t07:00-12:00\tprio 0\tnext\tm\/calm$/);
    const b = await lines(
      'schedule',
      'add',
      '-D',
      '2027-03-26',
      '-t',
      'fit',
      '-f',
      '5',
      'p/news',
      '20:00-21:00',
    );
    assert.match(b[0]!, /^2\t2027-03-26\t20:00-21:00\tprio 0\tfit\/5s\tp\/news$/);
    const ls = await lines('schedule', 'ls');
    assert.equal(ls[0], 'time zone Europe/Berlin; default (none)');
    assert.equal(ls.length, 3);
  });

  test('conflicts are refused when saved, with the reason, and nothing is stored', async () => {
    const overlap = await h.fail(['schedule', 'add', '-d', 'tue', 'm/loud', '11:00-13:00']);
    assert.match(
      overlap.message,
      /overlaps entry 1 \(m\/calm, same priority 0\) at 2027-03-23 11:00:00/,
    );
    const unknown = await h.fail(['schedule', 'add', '-d', 'wed', 'm/nosuch', '11:00-13:00']);
    assert.match(unknown.message, /no such mood: nosuch/);
    const past = await h.fail(['schedule', 'add', '-D', '2027-03-01', 'm/loud', '11:00-13:00']);
    assert.match(past.message, /never runs: its dates are past/);
    // a lower entry that higher ones always cover
    await h.run(['schedule', 'add', '-d', 'mon', '-P', '5', 'm/loud', '08:00-09:00']);
    const shadowed = await h.fail([
      'schedule',
      'add',
      '-d',
      'mon',
      '-P',
      '1',
      'm/calm',
      '08:15-08:45',
    ]);
    assert.match(shadowed.message, /never runs: entries of higher priority always cover it/);
    // a higher priority overlap is fine: it wins
    await h.run(['schedule', 'rm', '3']);
    const bad = await h.fail(['schedule', 'add', '-d', 'funday', 'm/loud', '11:00-13:00']);
    assert.match(bad.message, /not a weekday: funday/);
    const badTime = await h.fail(['schedule', 'add', '-d', 'fri', 'm/loud', '25:00-26:00']);
    assert.match(badTime.message, /not a time span|time of day/);
    const noDays = await h.fail(['schedule', 'add', 'm/loud', '11:00-13:00']);
    assert.match(noDays.message, /give weekdays \(weekly\) or dates \(one-off\)/);
    assert.deepEqual(
      h.services.schedule!.list().map((e) => e.id),
      [1, 2],
    );
  });

  test('mv moves and resizes; a move into a conflict leaves the entry as it was', async () => {
    await lines('schedule', 'mv', '1', '06:00-11:30');
    assert.equal(h.services.schedule!.get(1).start, '06:00');
    // ids are never reused: the entry removed above was 3
    const added = await lines('schedule', 'add', '-d', 'mon', 'm/loud', '13:00-14:00');
    assert.match(added[0]!, /^4\t/);
    const e = await h.fail(['schedule', 'mv', '1', '12:30-13:30']);
    assert.match(e.message, /overlaps entry 4 \(m\/loud, same priority 0\) at 2027-03-22 13:00:00/);
    assert.equal(h.services.schedule!.get(1).end, '11:30');
    // the dashboard's move: structured input as tRPC sends it
    await h.runInput('schedule', { args: ['mv', '4', '14:00-15:00'], days: 'wed' });
    assert.deepEqual(h.services.schedule!.get(4).weekdays, [3]);
    // the dashboard's dialog changes the mode too; an unknown one is refused and changes nothing
    await h.runInput('schedule', { args: ['mv', '4', '14:00-15:00'], mode: 'p/news' });
    assert.equal(h.services.schedule!.get(4).mode, 'p/news');
    const bad = await h.fail(['schedule', 'mv', '-m', 'm/nosuch', '4', '14:00-15:00']);
    assert.match(bad.message, /no such mood: nosuch/);
    assert.equal(h.services.schedule!.get(4).mode, 'p/news');
  });

  test('now and preview: the active entry, the next change, what plays then', async () => {
    const now = await lines('schedule', 'now');
    assert.match(
      now[0]!,
      /^2027-03-22 10:00:00 Europe\/Berlin: dummy \(entry 1 until 2027-03-22 11:30:00\)$/,
    );
    assert.match(now[1]!, /^next: 2027-03-22 11:30:00 nothing scheduled$/);
    const p = await lines('schedule', 'preview', '-n', '5', '2027-03-26', '20:30');
    assert.equal(p[0], '2027-03-26 20:30:00: p/news (entry 2), 1 admissible');
    assert.match(p[1]!, /^1\t\d+s\tvbr\.mp3$/);
    const calm = await lines('schedule', 'preview', '07:30');
    assert.match(calm[0]!, /m\/calm \(entry 1\), 2 admissible/);
    assert.deepEqual(
      calm
        .slice(1)
        .map((l) => l.split('\t')[2])
        .sort(),
      ['flac.flac', 'vorbis.ogg'],
    );
    const e = await h.fail(['schedule', 'preview', 'tomorrow']);
    assert.match(e.message, /not a time: tomorrow/);
  });

  test('a mood the schedule uses cannot be removed; a renamed one is followed', async () => {
    const e = await h.fail(['rmmood', 'calm']);
    assert.match(e.message, /rmmood: used by the schedule: calm: schedule entry 1 \(06:00-11:30\)/);
    assert.ok(h.afs.blobs.mood.idOf('calm') !== undefined);
    await h.run(['schedule', 'default', 'm/loud']);
    const d = await h.fail(['rmmood', 'l*']);
    assert.match(d.message, /the schedule default mode/);
    await h.run(['mvmood', 'calm', 'quiet']);
    const until = Date.now() + 5000;
    while (h.services.schedule!.get(1).mode !== 'm/quiet' && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.services.schedule!.get(1).mode, 'm/quiet');
    // the rows were written: a second reader of the database sees the same schedule
    const again = await Schedule.open(h.tdb.db, h.afs, { zone: ZONE, now: () => clock });
    assert.deepEqual(again.list(), h.services.schedule!.list());
    assert.equal(again.defaultMode, 'm/loud');
    await h.run(['schedule', 'rm', '1']);
    await h.run(['schedule', 'default', '-']);
    await h.run(['rmmood', 'quiet']);
    assert.equal(h.afs.blobs.mood.idOf('quiet'), undefined);
  });

  test('unknown subcommands and ids are refused', async () => {
    assert.match(
      (await h.fail(['schedule', 'frobnicate'])).message,
      /unknown subcommand frobnicate/,
    );
    assert.match((await h.fail(['schedule', 'rm', '99'])).message, /no such schedule entry: 99/);
    assert.match((await h.fail(['schedule', 'rm', 'x'])).message, /not an entry id: x/);
    assert.match((await h.fail(['schedule'])).message, /a subcommand is needed/);
  });
});
