// A takeover records the play a killed leader counted but did not write a row for (issue #21:
// plays are never lost; files of a few seconds too), and leaves alone what was recorded, or is
// not the dead leader's; a lead that moved moments ago is taken over by a node that never saw
// its leader.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, freshDatabase, type TestDatabase } from '../test/db.js';
import { synthetic } from '../test/synthetic-rows.js';
import { leadMovedJustNow, recordLostPlay } from './playout-leader.js';

for (const kind of DB_KINDS) {
  describe(`takeover: a counted play without its row (${kind})`, () => {
    let t: TestDatabase;
    const ids: number[] = [];
    const now = Date.UTC(2026, 11, 6, 20, 0, 0);
    const sec = (ms: number): bigint => BigInt(Math.floor(ms / 1000));

    before(async () => {
      t = await freshDatabase(kind);
      for (const row of synthetic(2)) {
        const { path, hash, artist, title, year, album, comment, techinfo, format } = row;
        const f = await t.db.prisma.audioFile.create({
          data: {
            ...{ path, hash, artist, title, year, album, comment, techinfo, format },
            ...{ secondsTotal: row.secondsTotal, durationMs: row.durationMs, bitrate: row.bitrate },
            ...{ chunksTotal: row.chunksTotal, chunkTimeUs: row.chunkTimeUs },
            ...{ frequency: row.frequency, channels: row.channels, headerLen: row.headerLen },
            ...{ maxChunkSize: row.maxChunkSize, size: BigInt(row.size) },
            ...{ lastPlayed: BigInt(row.lastPlayed), numPlayed: 1 },
          },
        });
        ids.push(f.id);
      }
    });
    after(() => t.drop());

    const setPlayed = (id: number, ms: number) =>
      t.db.prisma.audioFile.update({ where: { id }, data: { lastPlayed: sec(ms) } });
    const play = (fileId: number, startMs: number) =>
      t.db.prisma.play.create({
        data: {
          fileId,
          path: `/f${fileId}`,
          startedAt: new Date(startMs),
          mode: 'm/ab',
          listenersStart: 2,
          listenersPeak: 2,
        },
      });

    test('a count without a row gets one; the play before ends where it began', async () => {
      await setPlayed(ids[0]!, now - 60_000);
      const open = await play(ids[0]!, now - 60_000);
      await setPlayed(ids[1]!, now - 5_000);
      const path = await recordLostPlay(t.db, open, now);
      assert.equal(path, '/synthetic/d1/t001.mp3');
      const rows = await t.db.prisma.play.findMany({ orderBy: { startedAt: 'asc' } });
      assert.equal(rows.length, 2);
      assert.equal(rows[0]!.endedAt?.getTime(), Number(sec(now - 5_000)) * 1000);
      assert.equal(rows[1]!.fileId, ids[1]);
      assert.equal(rows[1]!.startedAt.getTime(), Number(sec(now - 5_000)) * 1000);
      assert.equal(rows[1]!.endedAt?.getTime(), now);
      assert.equal(rows[1]!.mode, 'm/ab');
    });

    test('a recorded count, an old count or none changes nothing', async () => {
      const last = await t.db.prisma.play.findFirst({ orderBy: { startedAt: 'desc' } });
      // the newest count is the newest row's (the row just written)
      assert.equal(await recordLostPlay(t.db, last!, now), undefined);
      // counted within a moment of its own row: the same play
      await setPlayed(ids[1]!, last!.startedAt.getTime() + 1000);
      assert.equal(await recordLostPlay(t.db, last!, now), undefined);
      // counted long ago (touch -l, not a dead leader's last act)
      const older = { mode: 'm/ab', startedAt: new Date(now - 3_600_000) };
      await setPlayed(ids[0]!, now - 1_800_000);
      await setPlayed(ids[1]!, now - 1_800_000);
      assert.equal(await recordLostPlay(t.db, older, now), undefined);
      assert.equal(await t.db.prisma.play.count(), 2);
    });

    test('a file of 2.5 s after another: its count 1.5 s after that one began has no row: recorded', async () => {
      const last = await t.db.prisma.play.findFirst({ orderBy: { startedAt: 'desc' } });
      const began = last!.startedAt.getTime();
      // the dead leader's play of the file before, still open
      const open = await t.db.prisma.play.update({
        where: { id: last!.id },
        data: { endedAt: null },
      });
      await setPlayed(ids[1]!, began);
      // last_played keeps whole seconds: 1.5 s after a whole second reads as 1 s after it
      await setPlayed(ids[0]!, began + 1500);
      const counted = Number(sec(began + 1500)) * 1000;
      const { path } = await t.db.prisma.audioFile.findUniqueOrThrow({ where: { id: ids[0]! } });
      assert.equal(await recordLostPlay(t.db, open, now), path);
      const rows = await t.db.prisma.play.findMany({ orderBy: { startedAt: 'asc' } });
      assert.equal(rows.length, 3);
      assert.equal(rows[1]!.endedAt?.getTime(), counted);
      assert.equal(rows[2]!.fileId, ids[0]);
      assert.equal(rows[2]!.startedAt.getTime(), counted);
    });

    test('the play before was ended by the dead leader: the lost play begins at that end, not at its whole second', async () => {
      // the dead leader ended the play before at .900 and counted the next play a few ms later;
      // last_played reads .000, 900 ms before that end, and is the play before's too
      const began = now + 10_200;
      const ended = now + 10_900;
      const before = await play(ids[1]!, began);
      await t.db.prisma.play.update({
        where: { id: before.id },
        data: { endedAt: new Date(ended), endReason: 'ended' },
      });
      await setPlayed(ids[1]!, began);
      await setPlayed(ids[0]!, ended + 5);
      const last = await t.db.prisma.play.findFirstOrThrow({ orderBy: { startedAt: 'desc' } });
      assert.ok(await recordLostPlay(t.db, last, now + 20_000));
      const rows = await t.db.prisma.play.findMany({ orderBy: { startedAt: 'asc' } });
      const lost = rows.at(-1)!;
      assert.equal(lost.fileId, ids[0]);
      assert.equal(lost.startedAt.getTime(), ended);
      assert.equal(rows.at(-2)!.endedAt?.getTime(), ended, 'the play before keeps its end');
      for (let i = 1; i < rows.length; i++)
        assert.ok(
          rows[i]!.startedAt.getTime() >= rows[i - 1]!.endedAt!.getTime(),
          `row ${i} begins before row ${i - 1} ended`,
        );
    });

    test('the lead moved just now: the last play stopped in the last 15 s, not open, not long ago', async () => {
      const last = await t.db.prisma.play.findFirst({ orderBy: { startedAt: 'desc' } });
      const end = (ms: number | null) =>
        t.db.prisma.play.update({
          where: { id: last!.id },
          data: { endedAt: ms === null ? null : new Date(ms) },
        });
      // a handover 3 s ago (a node that never saw that leader goes on playing)
      await end(now - 3_000);
      assert.equal(await leadMovedJustNow(t.db, now), true);
      // stopped a minute ago: a stopped station, as a first start finds it
      await end(now - 60_000);
      assert.equal(await leadMovedJustNow(t.db, now), false);
      // still open: a leader that died playing, which only a node that saw it takes over
      await end(null);
      assert.equal(await leadMovedJustNow(t.db, now), false);
      await t.db.prisma.play.deleteMany();
      assert.equal(await leadMovedJustNow(t.db, now), false);
    });
  });
}
