// HLS across a takeover (issue #21): two para_server processes on one PostgreSQL database (and
// Redis), nginx in front of both with deploy/nginx/hls-failover.conf. The standby's /hls/ (and
// /live.mp3) answers 503 with Retry-After; kill -9 of the leader: the new leader's media playlist goes on after the
// old one's last segment with the discontinuity sequence one higher (one discontinuity at the
// junction), its segments decode, and a client polling through nginx gets a playlist every time.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { freshDatabase, freshDatabaseUrl, tempDir } from '../test/db.js';
import { startNginx, type OwnNginx } from '../test/nginx.js';
import { ADMIN, freePort, killAll, run, startServer, waitFor } from '../test/spawn.js';
import { synth } from '../test/tiny-library.js';
import { HlsLeader, startAfter } from './hls-leader.js';

interface Node {
  name: string;
  httpPort: number;
  proc: ReturnType<typeof startServer>;
}

interface Seg {
  seq: number;
  disc: number;
  uri: string;
}

/** a media playlist's segments with their discontinuity numbers (RFC 8216 §6.2.2) */
function segmentsOf(text: string): Seg[] {
  let seq = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
  let disc = Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  const out: Seg[] = [];
  for (const line of text.split('\n')) {
    if (line === '#EXT-X-DISCONTINUITY') disc++;
    else if (line !== '' && !line.startsWith('#')) out.push({ seq: seq++, disc, uri: line });
  }
  return out;
}

const TARGET_S = 2;

test('the HlsSequence table: numbers only rise, writes never throw, a dead database reads as {}', async () => {
  const t = await freshDatabase('postgres');
  const warnings: string[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) },
  );
  const store = new HlsLeader(t.db, logger);
  try {
    store.save({ mp3: { seq: 200, disc: 1 }, aac: { seq: 90, disc: 0 } });
    await store.settled();
    // a late write of a node that lost the lead: nothing goes back
    store.save({ mp3: { seq: 150, disc: 0 } });
    await store.settled();
    assert.deepEqual(await store.read(), {
      aac: { seq: 90, disc: 0 },
      mp3: { seq: 200, disc: 1 },
    });
  } finally {
    await t.drop();
  }
  // the database is gone: the write is logged once, the read gives nothing (the node's own file)
  store.save({ mp3: { seq: 300, disc: 1 } });
  store.save({ mp3: { seq: 301, disc: 1 } });
  await store.settled();
  assert.deepEqual(await store.read(), {});
  assert.equal(
    warnings.filter((w) => /writing the shared sequence state failed/.test(w)).length,
    1,
  );
  assert.ok(warnings.some((w) => /could not be read/.test(w)));
});

test('startAfter: the number after the last segment heard of, if it lies in the latest reservation or just before', () => {
  const shared = { mp3: { seq: 1000, disc: 3 }, aac: { seq: 500, disc: 1 } };
  // mp3: heard 995 (the reservation, 8 ahead, was made at 991): 996; aac: heard of before the last
  // reservation (a takeover since), so the reservation holds
  assert.deepEqual(startAfter(shared, { mp3: { seq: 995, disc: 3 }, aac: { seq: 400, disc: 1 } }), {
    mp3: { seq: 996, disc: 3 },
    aac: { seq: 500, disc: 1 },
  });
  // another discontinuity count, or nothing heard: the reservation
  assert.deepEqual(startAfter(shared, { mp3: { seq: 995, disc: 2 } }), shared);
  assert.deepEqual(startAfter({}, { mp3: { seq: 995, disc: 3 } }), {});
  // the edge of the reservation: the number it was made at counts, and the one before it (that
  // one cut, not yet served), the one before that does not
  assert.equal(startAfter(shared, { mp3: { seq: 991, disc: 3 } }).mp3?.seq, 992);
  assert.equal(startAfter(shared, { mp3: { seq: 990, disc: 3 } }).mp3?.seq, 991);
  assert.equal(startAfter(shared, { mp3: { seq: 989, disc: 3 } }).mp3?.seq, 1000);
});

describe('HLS across a takeover: two nodes on PostgreSQL behind nginx', () => {
  const dir = tempDir('paraweb-hls-leader-');
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let nginx: OwnNginx | undefined;
  const nodes: Node[] = [];
  const prefix = `hls-leader-${process.pid}-${Date.now()}`;

  async function start(name: string): Promise<Node> {
    const sdir = path.join(dir, name);
    fs.mkdirSync(sdir, { recursive: true });
    const httpPort = await freePort();
    const apiPort = await freePort();
    const proc = startServer([
      ...['--afs-database-dir', sdir, '--database-url', db.url, '--node-name', name],
      ...['--redis-url', 'redis://127.0.0.1:6379', '--redis-prefix', prefix],
      ...['--user-list', path.join(dir, 'users'), '--announce-time', '0', '--autoplay'],
      ...['--port', String(await freePort()), '--listen-address', '127.0.0.1'],
      ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
      ...['--http-port', String(httpPort), '--http-listen-address', '127.0.0.1'],
      ...['--hls-target-duration', String(TARGET_S)],
    ]);
    const n = { name, httpPort, proc };
    nodes.push(n);
    await waitFor(
      async () =>
        proc.child.exitCode !== null || (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok,
      30_000,
    );
    assert.equal(proc.child.exitCode, null, `${name} exited: ${proc.stderr()}`);
    return n;
  }

  const playlist = async (
    port: number,
  ): Promise<{ status: number; text: string; retry: string | null }> => {
    const r = await fetch(`http://127.0.0.1:${port}/hls/mp3.m3u8`);
    return { status: r.status, text: await r.text(), retry: r.headers.get('retry-after') };
  };

  /** ffmpeg decodes the file with nothing at error level; its length in seconds */
  async function decodes(file: string): Promise<number> {
    const { stdout, stderr } = await promisify(execFile)('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    ]);
    assert.equal(stderr, '', `ffprobe ${file}`);
    const dec = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    assert.equal(dec.stderr, '', `ffmpeg ${file}`);
    return Number(stdout.trim());
  }

  before(async () => {
    db = await freshDatabaseUrl('postgres');
    fs.writeFileSync(path.join(dir, 'users'), '');
    // MP3 at the live mount's rate and channels: it passes through to /live.mp3 (no ffmpeg)
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const s of [5.1, 5.3, 5.5, 5.7])
      synth(s, [
        '-ar',
        '44100',
        '-ac',
        '2',
        '-b:a',
        '128k',
        '-f',
        'mp3',
        path.join(lib, `${s}.mp3`),
      ]);
    const r = await run(ADMIN, ['--afs-database-dir', dir, '--database-url', db.url, 'add', lib]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    if (nginx) {
      const errors = nginx.errors();
      if (errors) console.log(`nginx error.log:\n${errors}`);
      await nginx.stop();
      fs.rmSync(nginx.dir, { recursive: true, force: true });
    }
    await killAll(nodes);
    await db.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('kill -9 of the leader: the new leader goes on after its segments, one discontinuity later', async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    // a directory of its own: nginx's workers (nobody) cannot enter the test's
    const ngDir = tempDir('paraweb-hls-nginx-');
    nginx = await startNginx('hls-failover.conf', ngDir, await freePort(), [
      ['server 127.0.0.1:8000 ', `server 127.0.0.1:${a.httpPort} `],
      ['server 127.0.0.1:8001 ', `server 127.0.0.1:${b.httpPort} `],
    ]);
    // the leader has a few segments; the standby says 503 with Retry-After
    let leader: Node | undefined;
    await waitFor(async () => {
      for (const n of [a, b]) {
        const p = await playlist(n.httpPort);
        if (p.status === 200 && segmentsOf(p.text).length >= 3) leader = n;
      }
      return leader !== undefined;
    }, 30_000);
    const standby = leader === a ? b : a;
    const idle = await playlist(standby.httpPort);
    assert.equal(idle.status, 503);
    assert.equal(idle.retry, '1');
    assert.match(idle.text, /not the playout leader/);
    // the live mount too; through nginx a player reaches the leader's
    const live = await fetch(`http://127.0.0.1:${standby.httpPort}/live.mp3`);
    assert.equal(live.status, 503);
    assert.equal(live.headers.get('retry-after'), '1');
    await live.body?.cancel();
    const viaNginx = new AbortController();
    const proxied = await fetch(`http://127.0.0.1:${nginx.port}/live.mp3`, {
      signal: viaNginx.signal,
    });
    assert.equal(proxied.status, 200);
    assert.equal(proxied.headers.get('content-type'), 'audio/mpeg');
    viaNginx.abort();

    // a client polling through nginx the whole time: every answer and every segment it saw
    const statuses = new Map<number, number>();
    const seen = new Map<number, number>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const p = await playlist(nginx.port).catch(() => ({ status: 0, text: '', retry: null }));
        statuses.set(p.status, (statuses.get(p.status) ?? 0) + 1);
        if (p.status === 200) for (const s of segmentsOf(p.text)) seen.set(s.seq, s.disc);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await new Promise((r) => setTimeout(r, 2 * TARGET_S * 1000));

    const before = segmentsOf((await playlist(leader!.httpPort)).text);
    const lastOld = before.at(-1)!;
    const oldFile = path.join(dir, 'old.mp3');
    const oldSeg = await fetch(`http://127.0.0.1:${leader!.httpPort}/hls/${lastOld.uri}`);
    fs.writeFileSync(oldFile, Buffer.from(await oldSeg.arrayBuffer()));
    const t0 = Date.now();
    leader!.proc.child.kill('SIGKILL');
    await leader!.proc.exited;

    let after: Seg[] = [];
    await waitFor(async () => {
      const p = await playlist(standby.httpPort);
      after = p.status === 200 ? segmentsOf(p.text) : [];
      return after.length >= 3;
    }, 30_000);
    console.log(`new leader's playlist with 3 segments ${Date.now() - t0} ms after kill -9`);
    // the client goes on polling through the junction for a while
    await new Promise((r) => setTimeout(r, 2 * TARGET_S * 1000));
    polling = false;
    await poller;

    const first = after[0]!;
    console.log(
      `old leader: last segment ${lastOld.seq} (discontinuity ${lastOld.disc}); new leader: ` +
        `first ${first.seq} (discontinuity ${first.disc}); through nginx: ${JSON.stringify([...statuses])}`,
    );
    assert.ok(first.seq > lastOld.seq, `${first.seq} follows ${lastOld.seq}`);
    // the next number (the standby heard of the old leader's segments over Redis), not a
    // reservation ahead: hls.js loads the number after its last one across the gap; one more if
    // the old leader cut a segment between the playlist read above and the kill
    assert.ok(first.seq <= lastOld.seq + 2, `${first.seq} within 2 of ${lastOld.seq}`);
    assert.equal(first.disc, lastOld.disc + 1);
    // the new leader's own segments run on without a break
    assert.ok(after.every((s) => s.disc === first.disc));
    // what the client saw: one discontinuity, where the new leader's segments begin
    const order = [...seen].sort(([x], [y]) => x - y);
    const changes = order.filter(([, d], i) => i > 0 && d !== order[i - 1]![1]);
    assert.equal(changes.length, 1, `discontinuities seen: ${JSON.stringify(changes)}`);
    assert.equal(changes[0]![0], first.seq);
    assert.equal(changes[0]![1], lastOld.disc + 1);
    assert.ok(order.some(([s]) => s <= lastOld.seq) && order.some(([s]) => s > first.seq));
    // nginx answered every poll with a playlist (the last one from its cache during the takeover)
    assert.deepEqual([...statuses.keys()], [200]);

    // the segments on both sides of the junction decode, at about the target each
    for (const [i, s] of [first, after[1]!].entries()) {
      const file = path.join(dir, `new-${i}.mp3`);
      const res = await fetch(`http://127.0.0.1:${nginx.port}/hls/${s.uri}`);
      assert.equal(res.status, 200);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const len = await decodes(file);
      assert.ok(len > 0.5 && len < TARGET_S + 0.6, `${s.uri}: ${len} s`);
    }
    assert.ok((await decodes(oldFile)) > 0.5);
  });
});
