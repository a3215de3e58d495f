// The audience end to end on the real stream thread: 30 listeners on `/`, `/live.mp3` and HLS for
// known durations are recorded as 30 sessions of those lengths (±1 s) under their outputs, the
// Prometheus gauge follows the connected count per output, and the play history has each file
// with its listeners, how it ended (eof, next, jmp) and why it played (mode, schedule, request).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import { pino } from 'pino';
import { tempDir } from '../../test/db.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { listen, type StreamClient } from '../senders/http/test-client.js';
import { makeTone } from '../senders/mounts/test-media.js';
import { StreamHost } from '../vss/index.js';
import { sleep, until } from '../vss/test-util.js';
import { Audience } from './audience.js';

const log = { info: () => {}, warn: () => {}, error: () => {} };

/** the value of one sample line of the Prometheus text */
function sample(text: string, line: string): number | undefined {
  const l = text.split('\n').find((x) => x.startsWith(`${line} `));
  return l === undefined ? undefined : Number(l.slice(line.length + 1));
}

const agent = new http.Agent({ keepAlive: true });

function get(
  port: number,
  path: string,
  ua: string,
  sid?: string,
): Promise<{ status: number; body: string }> {
  // players keep the session cookie the master playlist sets (segment URIs carry no ?s=)
  const headers = { 'User-Agent': ua, ...(sid ? { Cookie: `paraweb_hls=${sid}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('latin1') }),
      );
    });
    req.on('error', reject);
  });
}

/** An HLS player: the master playlist, then its MP3 variant and new segments every 500 ms. */
async function hlsPlayer(
  port: number,
  ua: string,
  holdMs: number,
): Promise<{ firstMs: number; lastMs: number; segments: number }> {
  const master = await get(port, '/hls/live.m3u8', ua);
  const sid = /\?s=([\w-]+)/.exec(master.body)?.[1];
  assert.ok(sid, `a session id in the master playlist: ${master.body}`);
  const seen = new Set<string>();
  let firstMs = 0;
  let lastMs = 0;
  for (;;) {
    const now = Date.now();
    if (firstMs !== 0 && now - firstMs >= holdMs) break;
    if (firstMs === 0) firstMs = now;
    lastMs = now;
    const list = await get(port, `/hls/mp3.m3u8?s=${sid}`, ua, sid);
    assert.equal(list.status, 200, list.body);
    const segment = list.body
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .at(-1);
    if (segment && !seen.has(segment)) {
      seen.add(segment);
      const url = segment.startsWith('/') ? segment : `/hls/${segment}`;
      lastMs = Date.now();
      assert.equal((await get(port, url, ua, sid)).status, 200);
    }
    await sleep(500);
  }
  return { firstMs, lastMs, segments: seen.size };
}

describe('the audience on the stream thread', () => {
  let h: Harness;
  let lib: string;
  let host: StreamHost;
  let audience: Audience;
  let port: number;

  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-audience-');
    makeTone(lib, { name: 'a.mp3', seconds: 20, freq: 330 });
    makeTone(lib, { name: 'b.mp3', seconds: 20, freq: 440 });
    await h.run(['add', lib]);
    const r = loadConfig(
      [
        ...['--http-port', '0', '--http-listen-address', '127.0.0.1'],
        ...['--hls-target-duration', '2', '--afs-database-dir', lib],
      ],
      {},
    );
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
    port = host.senders.get('http')!.port!;
    // HLS has a segment (the master names variants once one is cut); this asks no media
    // playlist, so it opens no session
    for (let i = 0; i < 100; i++) {
      const m = await get(port, '/hls/live.m3u8', 'probe');
      if (m.status === 200) break;
      await sleep(200);
    }
  });
  after(async () => {
    agent.destroy();
    await host.close();
    await audience.close();
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('30 listeners on /, /live.mp3 and HLS: sessions, durations, outputs and the gauge', async () => {
    const agents = ['VLC/3.0.18 LibVLC/3.0.18', 'Lavf/60.16.100', 'curl/8.5.0'];
    const hold = (i: number): number => 3000 + 1000 * (i % 3);
    const streams: { c: StreamClient; output: string; holdMs: number; startMs: number }[] = [];
    const done: { output: string; ms: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const path = i < 10 ? '/' : '/live.mp3';
      const c = listen(port, {
        request: `GET ${path} HTTP/1.1\r\nHost: test\r\nUser-Agent: ${agents[i % 3]!}\r\n\r\n`,
      });
      streams.push({ c, output: i < 10 ? 'http' : 'live.mp3', holdMs: hold(i), startMs: 0 });
    }
    const played = Promise.all(
      streams.map(async (x) => {
        await until(() => x.c.head !== undefined, 5000, 'the answer head');
        x.startMs = Date.now();
        await sleep(x.holdMs);
        x.c.close();
        done.push({ output: x.output, ms: Date.now() - x.startMs });
        await x.c.closed;
      }),
    );
    const hls = Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const ua =
          i % 2 === 0
            ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15'
            : 'Lavf/60.16.100';
        const p = await hlsPlayer(port, ua, hold(i));
        done.push({ output: 'hls', ms: p.lastMs - p.firstMs });
        assert.ok(p.segments > 0, 'the player got segments');
      }),
    );
    await until(() => audience.now().total === 30, 3000, 'the report of 30 listeners');
    assert.deepEqual(audience.now().listeners, { http: 10, 'live.mp3': 10, hls: 10 });
    const text = await audience.metrics.text();
    for (const output of ['http', 'live.mp3', 'hls']) {
      assert.equal(sample(text, `paraweb_listeners{output="${output}"}`), 10, output);
      assert.equal(sample(text, `paraweb_listener_sessions_total{output="${output}"}`), 10, output);
    }
    await Promise.all([played, hls]);
    // an HLS session ends two target durations (4 s) after its last poll
    await until(() => audience.now().total === 0, 8000, 'the report of 0 listeners');
    await audience.flush();
    const rows = await h.tdb.db.prisma.listenerSession.findMany({ orderBy: { id: 'asc' } });
    assert.equal(rows.length, 30);
    for (const output of ['http', 'live.mp3', 'hls']) {
      const want = done
        .filter((d) => d.output === output)
        .map((d) => d.ms / 1000)
        .sort((a, b) => a - b);
      const got = rows
        .filter((r) => r.output === output)
        .map((r) => (r.endedAt!.getTime() - r.startedAt.getTime()) / 1000)
        .sort((a, b) => a - b);
      assert.equal(got.length, 10, output);
      got.forEach((s, i) =>
        assert.ok(Math.abs(s - want[i]!) <= 1, `${output} session ${i}: ${s} s, want ${want[i]} s`),
      );
    }
    for (const r of rows) {
      assert.equal(r.address, '127.0.0.0/24');
      assert.equal(r.endReason, 'client');
      assert.ok(r.bytes > 0n, `bytes recorded (${r.output})`);
    }
    const families = (output: string): string[] =>
      [...new Set(rows.filter((r) => r.output === output).map((r) => r.family))].sort();
    assert.deepEqual(families('http'), ['VLC', 'curl', 'ffmpeg']);
    assert.deepEqual(families('hls'), ['ffmpeg', 'iOS']);
    const after = await audience.metrics.text();
    for (const output of ['http', 'live.mp3', 'hls']) {
      assert.equal(sample(after, `paraweb_listeners{output="${output}"}`), 0);
      assert.ok((sample(after, `paraweb_bytes_sent_total{output="${output}"}`) ?? 0) > 0, output);
    }
    assert.ok((sample(after, 'paraweb_chunk_lateness_seconds_count') ?? 0) > 0);
  });

  test('the play history: listeners, next and jmp as skips, the mode, a schedule entry, a request', async () => {
    const c = listen(port);
    await until(() => audience.now().total === 1, 3000, 'one listener');
    const mode = h.afs.selector.spec;
    const kind = mode.startsWith('p/') ? 'playlist' : 'mood';
    const advance = async (what: string, step: () => Promise<void>): Promise<void> => {
      const before = audience.plays.now;
      await step();
      await until(
        () => audience.plays.now !== undefined && audience.plays.now !== before,
        25_000,
        what,
      );
    };
    const first = audience.plays.now;
    assert.ok(first, 'a play is under way');
    // a schedule entry whose mode is on: the next play names it
    audience.setScheduleSource(() => ({ id: 7, mode }));
    await advance('the play after next', () => host.next());
    audience.setScheduleSource(() => undefined);
    // a request: afs plays it first, once
    const b = [...h.afs.files.all()].find((f) => f.path.endsWith('b.mp3'))!;
    let requested = true;
    h.afs.setNextFilePolicy({ front: () => (requested ? [{ id: b.id, request: 42 }] : []) });
    h.afs.events.on('play:start', (_f, request) => {
      if (request === 42) requested = false;
    });
    // the file chosen ahead is chosen again (as the request queue does)
    h.afs.events.emit('next:change');
    await sleep(500);
    await advance('the requested play', () => host.next());
    // jmp near the end: it plays out, a skip all the same
    await advance('the play after jmp', () => host.jmp(97));
    c.close();
    await audience.plays.settled();
    const plays = await h.tdb.db.prisma.play.findMany({ orderBy: { id: 'asc' } });
    assert.ok(plays.length >= 4, `${plays.length} plays`);
    const [p1, p2, p3] = plays.slice(-4);
    assert.equal(p1!.endReason, 'skipped');
    assert.equal(p1!.listenersPeak >= 1, true);
    assert.equal(p1!.listenersEnd, 1);
    assert.equal(p1!.mode, mode);
    assert.equal(p1!.reason, kind);
    assert.deepEqual([p2!.reason, p2!.scheduleEntryId, p2!.endReason], ['schedule', 7, 'skipped']);
    assert.deepEqual([p3!.reason, p3!.requestId, p3!.endReason], ['request', 42, 'skipped']);
    assert.match(p3!.path, /b\.mp3$/);
    assert.equal(p3!.listenersStart, 1);
    assert.ok(
      p3!.endedAt!.getTime() - p3!.startedAt.getTime() < 15_000,
      'the jmp cut it short of its 20 s',
    );
  });
});
