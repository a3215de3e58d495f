// The Audience page's queries on SQLite and PostgreSQL: median session lengths per bucket (from
// the database's histogram), the files that lose listeners, player families, pages of sessions,
// CSV exports, and the `audience` command with its refusals.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DB_KINDS } from '../../test/db.js';
import { harness, type Harness } from '../../test/harness.js';
import { bucketFor, checkRange, histogramMedian } from './charts.js';
import { csvField } from './csv.js';
import { AudienceQueries } from './queries.js';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const H = 3_600_000;

/** 3 sessions in hour 0 (30 s, 90 s, 600 s), 2 in hour 1 (45 s, one still open), of 2 families */
async function seed(h: Harness): Promise<void> {
  const s = (atMs: number, len: number | null, family: string, output = '/') => ({
    output,
    startedAt: new Date(atMs),
    endedAt: len === null ? null : new Date(atMs + len * 1000),
    bytes: 1000n,
    address: '10.0.0.0/24',
    family,
    endReason: len === null ? null : 'client',
  });
  await h.tdb.db.prisma.listenerSession.createMany({
    data: [
      s(T0 + 60_000, 30, 'VLC'),
      s(T0 + 120_000, 90, 'Firefox'),
      s(T0 + 180_000, 600, 'Firefox', '/live.mp3'),
      s(T0 + H + 60_000, 45, 'VLC'),
      s(T0 + H + 120_000, null, '=cmd', '/live.mp3'),
    ],
  });
  const play = (i: number, fileId: number, start: number, tuneOuts: number) => ({
    fileId,
    path: `/music/${fileId}, "live".mp3`,
    startedAt: new Date(T0 + i * 300_000),
    endedAt: new Date(T0 + i * 300_000 + 200_000),
    endReason: 'ended',
    mode: 'm/all',
    listenersStart: start,
    listenersPeak: start,
    listenersEnd: start - tuneOuts,
    tuneOuts,
  });
  await h.tdb.db.prisma.play.createMany({
    data: [play(0, 1, 20, 2), play(1, 2, 20, 10), play(2, 1, 20, 0), play(3, 3, 4, 4)],
  });
}

test('histogram medians, buckets and range checks', () => {
  assert.equal(histogramMedian(new Map()), 0);
  assert.equal(
    histogramMedian(
      new Map([
        [600, 1],
        [30, 1],
        [90, 1],
      ]),
    ),
    90,
  );
  const r = (hours: number) => ({ from: new Date(T0), to: new Date(T0 + hours * H) });
  assert.equal(bucketFor(r(1)), 60_000);
  assert.equal(bucketFor(r(24)), H);
  assert.equal(bucketFor(r(24 * 30)), 6 * H);
  assert.equal(bucketFor(r(24 * 90)), 24 * H);
  assert.throws(() => checkRange(r(0)), /range is empty/);
  assert.throws(() => checkRange(r(-1)), /range is empty/);
  assert.throws(() => checkRange(r(24 * 401)), /at most 400 days/);
  assert.throws(() => checkRange({ from: new Date(NaN), to: new Date(T0) }), /not a time range/);
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvField(null), '');
  assert.equal(csvField(new Date(T0)), '2026-11-01T00:00:00.000Z');
});

for (const kind of DB_KINDS) {
  describe(`audience page queries (${kind})`, () => {
    test('lengths, tune-outs, families, pages and CSV', async () => {
      const h = await harness(kind);
      try {
        await seed(h);
        const q = new AudienceQueries(h.tdb.db);
        const range = { from: new Date(T0), to: new Date(T0 + 2 * H) };
        const l = await q.lengths(range, H);
        assert.deepEqual(
          l.buckets.map((b) => [b.t, b.sessions, b.medianS]),
          [
            [T0, 3, 90],
            [T0 + H, 2, 45],
          ],
        );
        // over the range: 30, 45, 90, 600 (the open one has no length)
        assert.equal(l.medianS, 45);
        assert.equal(l.sessions, 5);

        const t = await q.tuneOuts(range, 10, 10);
        assert.deepEqual(
          t.map((f) => [f.fileId, f.plays, f.listeners, f.tuneOuts]),
          [
            [2, 1, 20, 10],
            [1, 2, 40, 2],
          ],
          'file 3 had too few listeners to say',
        );
        assert.equal(t[0]!.tuneOutRate, 0.5);
        assert.equal((await q.tuneOuts(range, 1, 1))[0]!.fileId, 3);

        assert.deepEqual(await q.families(range), [
          { family: 'Firefox', sessions: 2 },
          { family: 'VLC', sessions: 2 },
          { family: '=cmd', sessions: 1 },
        ]);

        const p1 = await q.sessionPage(range, 1, 2);
        assert.equal(p1.total, 5);
        assert.deepEqual(
          p1.rows.map((r) => r.startedAt.getTime()),
          [T0 + H + 120_000, T0 + H + 60_000],
        );
        const p3 = await q.sessionPage(range, 3, 2);
        assert.equal(p3.rows.length, 1);
        await assert.rejects(q.sessionPage(range, 1, 0), /page size must be 1 to 500/);
        await assert.rejects(q.sessionPage(range, 1, 501), /page size must be 1 to 500/);
        await assert.rejects(q.sessionPage(range, 0, 10), /counted from 1/);

        let csv = '';
        for await (const part of q.csv('sessions', range)) csv += part;
        const lines = csv.split('\r\n').filter(Boolean);
        assert.equal(lines[0], 'id,output,started,ended,seconds,bytes,address,family,end');
        assert.equal(lines.length, 6);
        assert.match(lines[1]!, /^1,\/,2026-11-01T00:01:00.000Z,2026-11-01T00:01:30.000Z,30,1000,/);
        assert.match(lines[5]!, /,,,1000,10.0.0.0\/24,'=cmd,$/);
        let plays = '';
        for await (const part of q.csv('plays', { from: new Date(T0), to: new Date(T0 + 600_000) }))
          plays += part;
        const pl = plays.split('\r\n').filter(Boolean);
        assert.equal(pl.length, 3, 'two plays started in the first 10 minutes');
        assert.match(pl[1]!, /^1,1,"\/music\/1, ""live"".mp3",/);
      } finally {
        await h.close();
      }
    });

    test('the audience command: subcommands, options after them, refusals', async () => {
      const h = await harness(kind);
      try {
        await seed(h);
        h.services.audience = new AudienceQueries(h.tdb.db);
        await h.tdb.db.prisma.listenerHour.createMany({
          data: [
            { hour: new Date(T0), output: '/', peak: 3, listenerSeconds: 7200, sessions: 2 },
            { hour: new Date(T0), output: '/live.mp3', peak: 1, listenerSeconds: 600, sessions: 1 },
            { hour: new Date(T0 + H), output: '/', peak: 1, listenerSeconds: 45, sessions: 2 },
          ],
        });
        const range = ['-s', '2026-11-01T00:00Z', '-u', '2026-11-01T02:00Z'];
        const chart = await h.runInput('audience', {
          args: ['chart'],
          since: '2026-11-01T00:00Z',
          until: '2026-11-01T02:00Z',
        });
        const out = chart.output as {
          bucketMs: number;
          points: { t: number; listeners: number; sessions: number; medianS: number }[];
          totals: { peak: number; sessions: number; listenerHours: number; medianS: number };
        };
        assert.equal(out.bucketMs, 60_000, 'two hours: minute buckets');
        const hourly = await h.run([
          'audience',
          'chart',
          '-s',
          '2026-11-01T00:00Z',
          '-u',
          '2026-11-02T00:00Z',
        ]);
        const o = hourly.output as typeof out;
        assert.equal(o.bucketMs, H);
        assert.equal(o.points.length, 24);
        assert.deepEqual(
          o.points.slice(0, 2).map((p) => [p.listeners, p.sessions, p.medianS]),
          [
            [4, 3, 90],
            [1, 2, 45],
          ],
        );
        assert.equal(o.totals.peak, 4);
        assert.equal(o.totals.sessions, 5);
        assert.ok(Math.abs(o.totals.listenerHours - (7200 + 600 + 45) / 3600) < 1e-9);
        assert.match(
          hourly.text,
          /^2026-11-01 00:00 - 2026-11-02 00:00 UTC\npeak 4, sessions 5, listening hours 2\.2, median session 0:45\n/,
        );

        const top = await h.run(['audience', 'top', ...range, '-n', '1']);
        assert.equal(top.text.split('\n')[1], '40\t2\t20\t-2\t/music/1, "live".mp3');
        const tune = await h.run(['audience', 'tuneouts', ...range, '-m', '5']);
        assert.match(tune.text.split('\n')[1]!, /^50\.0%\t10\/20\t1\t/);
        const players = await h.run(['audience', 'players', ...range]);
        assert.match(players.text, /\nFirefox\t2\n/);
        assert.match(players.text, /\n\/live\.mp3\t1\t0\.2 h\n/);
        const page = await h.run(['audience', 'sessions', ...range, '-z', '2', '-p', '2']);
        assert.match(
          page.text,
          /page 2 of 3 \(5 sessions\)\n2026-11-01 00:03\t10:00\t\/live\.mp3\tFirefox\t/,
        );

        for (const [argv, want] of [
          [['audience'], /a subcommand is needed/],
          [['audience', 'pie'], /unknown subcommand pie/],
          [['audience', 'chart', '-s', 'tomorrow'], /-s: not a time: tomorrow/],
          [['audience', 'chart', '-s', '2h', '-u', '3h'], /range is empty/],
          [['audience', 'chart', '-s', '2000-01-01'], /at most 400 days/],
          [['audience', 'sessions', '-z', '501'], /size: value too large \(at most 500\)/],
          [['audience', 'sessions', '-p', '0'], /page: value too small/],
          [['audience', 'top', 'extra'], /no arguments allowed/],
        ] as const) {
          const err = await h.fail([...argv]);
          assert.match(err.message, want, argv.join(' '));
        }
      } finally {
        await h.close();
      }
    });
  });
}
