// The audience end to end on the real stream thread: 30 listeners on `/` for known durations are
// recorded as 30 sessions of those lengths (±1 s), the Prometheus gauge follows the connected
// count, and the play history has the file with its listeners and how it ended.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { listen, type StreamClient } from '../senders/http/test-client.js';
import { StreamHost } from '../vss/index.js';
import { sleep, until } from '../vss/test-util.js';
import { Audience } from './audience.js';

const log = { info: () => {}, warn: () => {}, error: () => {} };

/** the value of one sample line of the Prometheus text */
function sample(text: string, line: string): number | undefined {
  const l = text.split('\n').find((x) => x.startsWith(`${line} `));
  return l === undefined ? undefined : Number(l.slice(line.length + 1));
}

describe('the audience on the stream thread', () => {
  let h: Harness;
  let lib: string;
  let host: StreamHost;
  let audience: Audience;

  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-audience-');
    fs.copyFileSync(fixture('cbr128.mp3'), path.join(lib, 'a.mp3'));
    await h.run(['add', lib]);
    const r = loadConfig(['--http-port', '0', '--http-listen-address', '127.0.0.1'], {});
    if (!r.ok || !('config' in r)) throw new Error('bad test config');
    audience = new Audience({
      db: h.tdb.db,
      afs: h.afs,
      playing: () => host.isPlaying,
      streamUp: () => host.isAlive,
      deadAirSeconds: 10,
      addressMode: 'truncated',
      minuteDays: 90,
      sessionDays: 365,
      webhooks: { urls: [], listeners: [] },
      log,
      flushMs: 200,
    });
    host = await StreamHost.open({
      afs: h.afs,
      senders: r.config,
      announceTimeMs: 0,
      logger: pino({ level: 'silent' }),
      audience,
    });
    await audience.start();
    await host.start();
    await host.play();
  });
  after(async () => {
    await host.close();
    await audience.close();
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('30 listeners: sessions, durations and the gauge', async () => {
    const port = host.senders.get('http')!.port!;
    const agents = ['VLC/3.0.18 LibVLC/3.0.18', 'Lavf/60.16.100', 'curl/8.5.0'];
    const clients: { c: StreamClient; holdMs: number; startMs: number; endMs: number }[] = [];
    for (let i = 0; i < 30; i++) {
      const c = listen(port, { headers: [`User-Agent: ${agents[i % 3]!}`] });
      // 10 listeners each for 1.5 s, 2.5 s and 3.5 s
      clients.push({ c, holdMs: 1500 + 1000 * Math.floor(i / 10), startMs: 0, endMs: 0 });
    }
    await until(() => clients.every((x) => x.c.head !== undefined), 5000, 'all heads');
    for (const x of clients) x.startMs = Date.now();
    await until(() => audience.now().total === 30, 3000, 'the report of 30 listeners');
    const text = await audience.metrics.text();
    assert.equal(sample(text, 'paraweb_listeners{output="http"}'), 30);
    assert.equal(sample(text, 'paraweb_listener_sessions_total{output="http"}'), 30);
    await Promise.all(
      clients.map(async (x) => {
        await sleep(x.holdMs);
        x.c.close();
        x.endMs = Date.now();
        await x.c.closed;
      }),
    );
    await until(() => audience.now().total === 0, 3000, 'the report of 0 listeners');
    await audience.flush();
    const rows = await h.tdb.db.prisma.listenerSession.findMany({ orderBy: { id: 'asc' } });
    assert.equal(rows.length, 30);
    const want = clients.map((x) => (x.endMs - x.startMs) / 1000).sort((a, b) => a - b);
    const got = rows
      .map((r) => (r.endedAt!.getTime() - r.startedAt.getTime()) / 1000)
      .sort((a, b) => a - b);
    got.forEach((s, i) =>
      assert.ok(Math.abs(s - want[i]!) <= 1, `session ${i}: ${s} s, want ${want[i]} s`),
    );
    for (const r of rows) {
      assert.equal(r.output, 'http');
      assert.equal(r.address, '127.0.0.0/24');
      assert.equal(r.endReason, 'client');
      assert.ok(r.bytes > 0n, 'bytes recorded');
    }
    const families = rows.map((r) => r.family).sort();
    assert.deepEqual([...new Set(families)], ['VLC', 'curl', 'ffmpeg']);
    assert.equal(families.filter((f) => f === 'VLC').length, 10);
    const after = await audience.metrics.text();
    assert.equal(sample(after, 'paraweb_listeners{output="http"}'), 0);
    assert.ok((sample(after, 'paraweb_bytes_sent_total{output="http"}') ?? 0) > 0);
    assert.ok((sample(after, 'paraweb_chunk_lateness_seconds_count') ?? 0) > 0);
  });

  test('the play history: the file, its listeners, and a skip', async () => {
    const port = host.senders.get('http')!.port!;
    const c = listen(port);
    await until(() => audience.now().total === 1, 3000, 'one listener');
    const first = audience.plays.now;
    assert.ok(first, 'a play is under way');
    await host.next();
    await until(
      () => audience.plays.now !== undefined && audience.plays.now !== first,
      5000,
      'the next play',
    );
    c.close();
    await audience.plays.settled();
    const plays = await h.tdb.db.prisma.play.findMany({ orderBy: { id: 'asc' } });
    assert.ok(plays.length >= 2);
    const skipped = plays.find((p) => p.endReason === 'skipped');
    assert.ok(skipped, 'the play cut by next is marked skipped');
    assert.equal(skipped.listenersPeak >= 1, true);
    assert.equal(skipped.listenersEnd, 1);
    assert.match(skipped.path, /a\.mp3$/);
    assert.equal(skipped.mode, h.afs.selector.spec);
  });
});
