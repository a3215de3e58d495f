// The charts count the relays' listeners (--relay): the per-minute and per-hour roll-ups get an
// output `relays` holding what the relays add to this server's own listeners, as the live line
// (AudienceNow.summed) counts them. A relay's stats come from a loopback HTTP server answering as
// Icecast's /status-json.xsl does (relays.test.ts has the rest of the relay list).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { harness } from '../../test/harness.js';
import { parseRelay } from '../relays/spec.js';
import { Relays } from '../relays/relays.js';
import { LATENESS_BUCKETS_MS } from '../vss/chunk-timing.js';
import type { AudienceBatch } from '../vss/index.js';
import { Audience, RELAYS_OUTPUT } from './audience.js';
import { AudienceQueries } from './queries.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const MINUTE_MS = 60_000;

const batch = (atMs: number, listeners: Record<string, number>): AudienceBatch => ({
  atMs,
  opened: [],
  closed: [],
  listeners,
  bytes: {},
  chunks: 0,
  sumLateUs: 0,
  histogram: LATENESS_BUCKETS_MS.map(() => 0),
  loopDelay: { meanMs: 0, p99Ms: 0, maxMs: 0 },
});

test("the roll-ups (the Audience charts) hold the relays' listeners as the output `relays`", async () => {
  // one relay with 7 listeners of its mount; one of this server's listeners is that relay
  const stats = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        icestats: { source: [{ listenurl: `http://127.0.0.1:${port}/live.mp3`, listeners: 7 }] },
      }),
    );
  });
  await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
  const port = (stats.address() as AddressInfo).port;
  const spec = parseRelay(`r1=http://127.0.0.1:${port}/live.mp3`);
  if (typeof spec === 'string') throw new Error(spec);
  const relays = new Relays({ specs: [spec], log: quiet });
  const h = await harness();
  const audience = new Audience({
    db: h.tdb.db,
    afs: h.afs,
    playing: () => true,
    streamUp: () => true,
    deadAirSeconds: 10,
    addressMode: 'truncated',
    minuteDays: 90,
    sessionDays: 365,
    webhooks: { urls: [], listeners: [] },
    log: quiet,
    relays,
  });
  try {
    await relays.poll();
    assert.equal(relays.now()[0]?.healthy, true);
    const t0 = Date.now() - (Date.now() % MINUTE_MS) - 5 * MINUTE_MS;
    audience.batch(batch(t0, { '/': 3 }));
    audience.batch(batch(t0 + 1000, { '/': 4 }));
    assert.equal(audience.now().summed, 4 - 1 + 7);
    // closes the minute and the hour and writes them
    await audience.close();
    const range = { from: new Date(t0 - MINUTE_MS), to: new Date(t0 + 2 * MINUTE_MS) };
    const q = new AudienceQueries(h.tdb.db);
    assert.deepEqual(await q.minutes(range), [{ t: t0, listeners: 4 + 6 }]);
    const rows = await h.tdb.db.prisma.listenerMinute.findMany({ orderBy: { output: 'asc' } });
    assert.deepEqual(
      rows.map((r) => [r.output, r.listeners]),
      [
        ['/', 4],
        [RELAYS_OUTPUT, 6],
      ],
    );
    const hour = new Date(t0 - (t0 % 3_600_000));
    const [point] = await q.chart({ from: hour, to: new Date(hour.getTime() + 3_600_000) }, 1);
    assert.equal(point?.listeners, 10, 'the hour chart: this server and the relay');
  } finally {
    await new Promise((r) => stats.close(r));
    await h.close();
  }
});
