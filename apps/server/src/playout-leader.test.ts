// A takeover records the play a killed leader counted but did not write a row for (issue #21:
// plays are never lost), and leaves alone what was recorded, or is not the dead leader's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, freshDatabase, type TestDatabase } from '../test/db.js';
import { synthetic } from '../test/synthetic-rows.js';
import { recordLostPlay } from './playout-leader.js';

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
      // counted within a moment of the newest row: the same play
      await setPlayed(ids[0]!, last!.startedAt.getTime() + 1000);
      assert.equal(await recordLostPlay(t.db, last!, now), undefined);
      // counted long ago (touch -l, not a dead leader's last act)
      const older = { mode: 'm/ab', startedAt: new Date(now - 3_600_000) };
      await setPlayed(ids[0]!, now - 1_800_000);
      await setPlayed(ids[1]!, now - 1_800_000);
      assert.equal(await recordLostPlay(t.db, older, now), undefined);
      assert.equal(await t.db.prisma.play.count(), 2);
    });
  });
}
