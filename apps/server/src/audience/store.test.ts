// The audience's tables on SQLite and PostgreSQL: sessions written in batches and completed, what
// a crash left open ended at the last mark, roll-ups and retention, the chart and ranking queries,
// and the history command with its options (and its refusals).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DB_KINDS, freshDatabase } from '../../test/db.js';
import { harness } from '../../test/harness.js';
import { AudienceQueries } from './queries.js';
import { Rollups, applyRetention } from './rollups.js';
import { SessionWriter } from './sessions.js';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

for (const kind of DB_KINDS) {
  describe(`audience tables (${kind})`, () => {
    test('sessions: batches, completion, and a crash that loses at most the last flush', async () => {
      const tdb = await freshDatabase(kind);
      try {
        const w = new SessionWriter(tdb.db, { addressMode: 'truncated', warn: () => {} });
        const open = (id: number, s: number) => ({
          id,
          output: '/',
          atMs: T0 + s * 1000,
          address: '10.1.2.3',
          userAgent: 'VLC/3.0',
        });
        w.add([open(1, 0), open(2, 1), open(3, 2)], [], T0 + 2000);
        await w.flush();
        const ids = async (): Promise<number[]> =>
          (await tdb.db.prisma.listenerSession.findMany({ orderBy: { startedAt: 'asc' } })).map(
            (r) => r.id,
          );
        const openIds = await ids();
        // 2 ends; 4 comes and goes within one flush
        w.add(
          [open(4, 3)],
          [
            { id: 2, atMs: T0 + 5000, bytes: 1000, end: 'client' },
            { id: 4, atMs: T0 + 6000, bytes: 500, end: 'lag' },
          ],
          T0 + 6000,
        );
        await w.flush();
        // a session completed keeps its row's id
        assert.deepEqual((await ids()).slice(0, 3), openIds);
        // this batch is never flushed: the crash
        w.add([], [{ id: 1, atMs: T0 + 7000, bytes: 9, end: 'client' }], T0 + 7000);
        const rows = await tdb.db.prisma.listenerSession.findMany({
          orderBy: { startedAt: 'asc' },
        });
        assert.equal(rows.length, 4);
        assert.equal(rows[1]!.endedAt?.getTime(), T0 + 5000);
        assert.equal(rows[1]!.bytes, 1000n);
        assert.equal(rows[3]!.endReason, 'lag');
        assert.equal(rows[0]!.address, '10.1.2.0/24');
        assert.equal(rows[0]!.family, 'VLC');
        const again = new SessionWriter(tdb.db, { addressMode: 'truncated', warn: () => {} });
        assert.equal(await again.recover(), 2);
        const after = await tdb.db.prisma.listenerSession.findMany({
          orderBy: { startedAt: 'asc' },
        });
        // 1 and 3 end at the mark of the last flush (6 s): only the unflushed second is lost
        assert.equal(after[0]!.endedAt?.getTime(), T0 + 6000);
        assert.equal(after[2]!.endedAt?.getTime(), T0 + 6000);
        assert.equal(after[0]!.endReason, 'server_stopped');
      } finally {
        await tdb.drop();
      }
    });

    test('the mark is written while sessions are open, not by an idle server', async () => {
      const tdb = await freshDatabase(kind);
      try {
        const w = new SessionWriter(tdb.db, { addressMode: 'truncated', warn: () => {} });
        const markAt = async (): Promise<number | undefined> =>
          (await tdb.db.prisma.audienceMark.findUnique({ where: { id: 1 } }))?.at.getTime();
        const one = { id: 1, output: '/', atMs: T0, address: '10.1.2.3', userAgent: '' };
        w.add([one], [], T0);
        await w.flush();
        w.add([], [], T0 + 2000);
        await w.flush();
        assert.equal(await markAt(), T0 + 2000, 'a session is open: the mark moves on');
        w.add([], [{ id: 1, atMs: T0 + 3000, bytes: 10, end: 'client' }], T0 + 4000);
        await w.flush();
        assert.equal(await markAt(), T0 + 4000);
        w.add([], [], T0 + 6000);
        await w.flush();
        assert.equal(await markAt(), T0 + 4000, 'none open: nothing written');
      } finally {
        await tdb.drop();
      }
    });

    test('roll-ups, charts, retention', async () => {
      const tdb = await freshDatabase(kind);
      try {
        const r = new Rollups();
        // two hours: 3 listeners on / for the first, 1 on /live.mp3 throughout
        for (let s = 0; s < 7200; s += 60) {
          const listeners: Record<string, number> = { '/live.mp3': 1 };
          if (s < 3600) listeners['/'] = 3;
          r.add(listeners, s === 0 ? { '/': 3, '/live.mp3': 1 } : {}, T0 + s * 1000);
          // reports come every second; a minute's step counts as at most 5 s, so fill in
          for (let k = 1; k < 60; k++) r.add(listeners, {}, T0 + (s + k) * 1000);
        }
        await r.flush(tdb.db, true);
        const q = new AudienceQueries(tdb.db);
        const range = { from: new Date(T0), to: new Date(T0 + 2 * 3_600_000) };
        const chart = await q.chart(range, 1);
        assert.equal(chart.length, 2);
        assert.equal(chart[0]!.listeners, 4);
        assert.equal(chart[1]!.listeners, 1);
        assert.equal(chart[0]!.sessions, 4);
        assert.ok(Math.abs(chart[0]!.listenerHours - 4) < 0.01, `${chart[0]!.listenerHours}`);
        assert.ok(Math.abs(chart[1]!.listenerHours - 1) < 0.01);
        const split = await q.split(range);
        assert.deepEqual(split.outputs.map((o) => o.output).sort(), ['/', '/live.mp3']);
        const minutes = await q.minutes(range);
        assert.equal(minutes.length, 120);
        assert.equal(minutes[0]!.listeners, 4);
        const gone = await applyRetention(
          tdb.db,
          { minuteDays: 1, sessionDays: 0 },
          T0 + 86_400_000 + 3_600_000,
        );
        assert.equal(gone.minutes, 120, 'the first hour (both outputs) is older than a day');
        assert.equal((await q.chart(range, 1)).length, 2, 'hours are kept');
      } finally {
        await tdb.drop();
      }
    });

    test('history: -n, the time range, -l, and refusals', async () => {
      const h = await harness(kind);
      try {
        const q = new AudienceQueries(h.tdb.db);
        h.services.audience = q;
        for (let i = 0; i < 5; i++)
          await h.tdb.db.prisma.play.create({
            data: {
              fileId: i + 1,
              path: `/music/${i}.mp3`,
              startedAt: new Date(T0 + i * 600_000),
              endedAt: new Date(T0 + i * 600_000 + 185_000),
              endReason: i === 2 ? 'skipped' : 'ended',
              mode: 'm/rock',
              listenersStart: 10 + i,
              listenersPeak: 20,
              listenersEnd: 5,
              tuneOuts: 3,
            },
          });
        const short = await h.run(['history', '-n', '2']);
        assert.equal(
          short.text,
          '2026-12-01 10:40:00\t/music/4.mp3\n2026-12-01 10:30:00\t/music/3.mp3\n',
        );
        const ranged = await h.run([
          'history',
          '-s',
          '2026-12-01T10:10Z',
          '-u',
          '2026-12-01T10:30Z',
          '-l',
        ]);
        assert.equal(
          ranged.text,
          '2026-12-01 10:20:00\t2026-12-01 10:23:05\t3:05\tskipped\tm/rock\t12/20/5\t-3\t/music/2.mp3\n' +
            '2026-12-01 10:10:00\t2026-12-01 10:13:05\t3:05\tended\tm/rock\t11/20/5\t-3\t/music/1.mp3\n',
        );
        const epoch = await h.run(['history', '-s', String((T0 + 2_400_000) / 1000)]);
        assert.equal(epoch.text.split('\n').filter(Boolean).length, 1);
        const top = await q.topFiles({ from: new Date(T0), to: new Date(T0 + 3_600_000) }, 2);
        assert.deepEqual(
          top.map((t) => [t.fileId, t.plays, t.listeners]),
          [
            [5, 1, 14],
            [4, 1, 13],
          ],
        );
        for (const [argv, want] of [
          [['history', '-n', '0'], /history: -n: /],
          [['history', '-n', 'x'], /not an integer/],
          [['history', '-s', 'yesterday'], /history: -s: not a time: yesterday/],
          [['history', '-s', '2h', '-u', '3h'], /range is empty/],
          [['history', 'extra'], /history/],
        ] as const) {
          const err = await h.fail([...argv]);
          assert.equal(err.code, 'E_SYNTAX', argv.join(' '));
          assert.match(err.message, want, argv.join(' '));
        }
      } finally {
        await h.close();
      }
    });
  });
}
