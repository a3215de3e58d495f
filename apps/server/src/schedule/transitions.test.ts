// The scheduler on a real stream: an entry starting a few seconds from now (the schedule's clock
// runs ahead so that a whole minute comes soon) with each transition, checked where listeners see
// it: the ICY titles through the http sender, stat's afs_mode, and when each file started.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Parser } from 'icecast-parser';
import { tempDir } from '../../test/db.js';
import { scheduleActions } from '../app.js';
import { HttpSender } from '../senders/http/http-sender.js';
import type { Streaming } from '../vss/test-util.js';
import { streaming, until } from '../vss/test-util.js';
import type { Transition } from './entry.js';
import { Schedule } from './schedule.js';
import { Scheduler } from './scheduler.js';
import { clockText, localDate, weekdayOf } from './zoned.js';

const ZONE = 'Europe/Berlin';
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** [file name, seconds]: the outgoing mood's files differ in length, so a fit has a choice */
const FILES: [string, number][] = [
  ['old-2.mp3', 2],
  ['old-3.mp3', 3],
  ['old-4.mp3', 4],
  ['new-5.mp3', 5],
];

function makeFiles(dir: string): string[] {
  return FILES.map(([name, seconds]) => {
    const out = path.join(dir, name);
    const title = name.replace('.mp3', '');
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
      ...['-metadata', `title=${title}`, '-metadata', 'artist=T', '-b:a', '128k', out],
    ]);
    return out;
  });
}

describe('scheduled transitions on the stream', () => {
  let s: Streaming;
  let http: HttpSender;
  let parser: Parser;
  let dir: string;
  /** ICY titles as a listener got them, with the time */
  const titles: { title: string; at: number }[] = [];

  before(async () => {
    dir = tempDir('paraweb-sched-stream-');
    const paths = makeFiles(dir);
    http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    s = await streaming(
      paths.map((p) => [p, path.basename(p)]),
      { senders: [http] },
    );
    await s.h.run(['addmood', 'old'], { data: text('path =~ /old-/') });
    await s.h.run(['addmood', 'new'], { data: text('path =~ /new-/') });
    await http.start();
    await s.h.run(['select', 'm/old']);
    await s.h.run(['play']);
    parser = new Parser({
      url: `http://127.0.0.1:${http.port}/`,
      keepListen: true,
      notifyOnChangeOnly: true,
      autoUpdate: false,
    });
    parser.on('metadata', (m) =>
      titles.push({ title: m.get('StreamTitle') ?? '', at: Date.now() }),
    );
    parser.on('stream', (reader) => reader.resume());
    parser.on('error', () => {});
    await until(() => titles.length >= 1, 8000, 'the first title');
  });
  after(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** file starts as the stream made them: title and time (ms) */
  const starts = (): { title: string; at: number }[] =>
    s.rec.events.flatMap((e) =>
      e.kind === 'file' ? [{ title: e.file.title, at: e.atUs / 1000 }] : [],
    );

  /**
   * An entry selecting m/new that starts `leadMs` from now, by a schedule clock moved so that
   * the start is a whole minute; returns the start on the real clock and the running scheduler.
   */
  async function entryIn(
    leadMs: number,
    transition: Transition,
  ): Promise<{ start: number; scheduler: Scheduler; since: number }> {
    // the old mood plays from a fresh file on
    await s.h.run(['select', 'm/old']);
    await s.h.run(['next']);
    const since = Date.now();
    await until(
      () => starts().some((f) => f.at >= since && f.title.startsWith('T - old-')),
      5000,
      'an old file',
    );
    const start = Date.now() + leadMs;
    const minute = Math.ceil(start / 60_000) * 60_000;
    const skew = minute - start;
    const schedule = await Schedule.open(s.h.tdb.db, s.h.afs, {
      zone: ZONE,
      now: () => Date.now() + skew,
    });
    s.h.services.schedule = schedule;
    for (const e of schedule.list()) await schedule.remove([e.id]);
    const day = localDate(minute, ZONE);
    const local = new Date(minute).toLocaleTimeString('en-GB', { timeZone: ZONE, hour12: false });
    const [hh, mm] = local.split(':').map(Number) as [number, number];
    const from = hh * 60 + mm;
    await schedule.add({
      mode: 'm/new',
      weekdays: [weekdayOf(day)],
      start: clockText(from),
      end: clockText((from + 30) % 1440),
      transition,
      fitTolerance: 1,
    });
    const scheduler = new Scheduler(
      schedule,
      scheduleActions(s.h.services, schedule, s.vss, () => {}),
      { fitWindowMs: 60_000 },
    );
    s.h.afs.setNextFilePolicy(scheduler.policy);
    await scheduler.start();
    return { start, scheduler, since };
  }

  async function afsMode(): Promise<string> {
    const out = (await s.h.run(['stat', '-n', '1'])).log.join('\n');
    return /afs_mode: (.*)/.exec(out)?.[1] ?? '';
  }

  const firstNew = (since: number): { title: string; at: number } | undefined =>
    starts().find((f) => f.title === 'T - new-5' && f.at >= since);

  /**
   * Waits for the new mode's file on the stream; returns its start, the file before it and how
   * far that one's audio end is from the new start. Then stat and the ICY title must agree.
   */
  async function newOnStream(
    since: number,
    waitMs: number,
  ): Promise<{ at: number; before: { title: string; at: number }; fromEnd: number }> {
    await until(() => firstNew(since) !== undefined, waitMs, 'the new mode');
    const all = starts();
    const k = all.findIndex((f) => f.title === 'T - new-5' && f.at >= since);
    const before = all[k - 1]!;
    const played = s.h.afs.files.getByPath(path.join(s.lib, `${before.title.slice(4)}.mp3`));
    const at = all[k]!.at;
    assert.equal(await afsMode(), 'm/new');
    await until(
      () => titles.some((x) => x.title === 'T - new-5' && x.at >= at - 100),
      5000,
      'the ICY title',
    );
    return { at, before, fromEnd: at - before.at - (played?.durationMs ?? 0) };
  }

  test('cut: the new mode starts at the start, to the second', async (t) => {
    const { start, scheduler, since } = await entryIn(3000, 'cut');
    try {
      assert.equal(await afsMode(), 'm/old');
      const { at } = await newOnStream(since, 10_000);
      t.diagnostic(`cut: new mode ${Math.round(at - start)} ms from the start`);
      assert.ok(Math.abs(at - start) < 1000, `started ${at - start} ms from the start`);
    } finally {
      scheduler.stop();
    }
  });

  test('next: the new mode starts at the first file boundary after the start', async (t) => {
    const { start, scheduler, since } = await entryIn(3000, 'next');
    try {
      const { at, before, fromEnd } = await newOnStream(since, 15_000);
      t.diagnostic(
        `next: new mode ${Math.round(at - start)} ms after the start, ` +
          `${Math.round(fromEnd)} ms from the old file's end`,
      );
      assert.match(before.title, /^T - old-/, 'an old file played when the start came');
      assert.ok(before.at < start, 'and it had started before the start');
      // the new file follows the old one without a cut: where the old one's audio ends
      assert.ok(Math.abs(fromEnd) < 300, 'at the boundary');
      assert.ok(at >= start - 50);
    } finally {
      scheduler.stop();
    }
  });

  test('fit: the files before the start are chosen so that the last one ends within 1 s of it', async (t) => {
    const { start, scheduler, since } = await entryIn(11_000, 'fit');
    try {
      const { at, before, fromEnd } = await newOnStream(since, 20_000);
      t.diagnostic(`fit (tolerance 1 s): new mode ${Math.round(at - start)} ms from the start`);
      assert.ok(Math.abs(at - start) <= 1000 + 100, `new mode ${at - start} ms from the start`);
      // the stream was not cut: the last old file played to its end
      assert.match(before.title, /^T - old-/);
      assert.ok(Math.abs(fromEnd) < 300, 'the last old file played to its end');
    } finally {
      scheduler.stop();
    }
  });
});
