// The stream thread as the server runs it: commands, senders and status cross the thread boundary;
// a blocked main thread does not stop the chunks; a dead stream thread is started again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { loadConfig } from '../../config.js';
import type { Config } from '../../config.js';
import { ParaError } from '../../errors.js';
import { listen } from '../../senders/http/test-client.js';
import { waitFor } from '../../../test/spawn.js';
import { until } from '../test-util.js';
import { StreamHost } from './host.js';

const item = (host: StreamHost, name: string): string | undefined =>
  host.items().find(([n]) => n === name)?.[1];

function config(args: string[] = []): Config {
  const r = loadConfig(
    ['--http-port', '0', '--http-listen-address', '127.0.0.1', '--http-no-autostart', ...args],
    {},
  );
  if (!r.ok || !('config' in r)) throw new Error(`bad test config: ${JSON.stringify(r)}`);
  return r.config;
}

describe('the stream thread', () => {
  let h: Harness;
  let lib: string;
  let host: StreamHost;
  let tasks: { name: string; status: string }[];
  const lines: { level: number; msg: string; thread?: string }[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    }),
  );

  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-host-');
    for (const f of ['cbr128.mp3', 'vbr.mp3']) fs.copyFileSync(fixture(f), path.join(lib, f));
    await h.run(['add', lib]);
    host = await StreamHost.open({
      afs: h.afs,
      senders: config(),
      announceTimeMs: 0,
      logger,
    });
    h.services.vss = host;
    h.services.senders = host.senders;
    h.services.status = host;
    tasks = await host.start();
  });
  after(async () => {
    await host.close();
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('a malformed target fails at open, naming it', async () => {
    await assert.rejects(
      StreamHost.open({
        afs: h.afs,
        senders: config(['--udp-target', 'no:such:target:x']),
        announceTimeMs: 0,
        logger,
      }),
      (err: unknown) => err instanceof ParaError && err.code === 'E_CONFIG',
    );
  });

  test('ff without a file is an error from the stream thread; stopped status', async () => {
    assert.match((await h.fail(['ff', '10'])).message, /no audio file/);
    assert.equal(item(host, 'status'), 'stopped');
    assert.equal(item(host, 'path'), '');
  });

  test('senders: on/off, status and listener counts cross over', async () => {
    assert.deepEqual((await h.run(['sender'])).text.split('\n').filter(Boolean), [
      'http',
      'udp',
      'icecast',
    ]);
    const http = host.senders.get('http')!;
    assert.equal(http.isOn, false);
    await h.run(['sender', 'http', 'on']);
    assert.equal(http.isOn, true, 'the proxy knows as soon as the command returns');
    const port = http.port;
    assert.ok(port !== undefined && port > 0);
    assert.match((await h.run(['sender', 'http', 'status'])).text, /status: on/);
    assert.equal(await http.burstMs?.('nobody'), undefined);
    const c = listen(port);
    await until(() => http.listenerCount() === 1, 5000, 'the listener counted');
    c.close();
    await until(() => http.listenerCount() === 0, 5000, 'the listener gone');
  });

  test('play streams over HTTP; the status shows the file at once', async () => {
    const c = listen(host.senders.get('http')!.port!);
    await h.run(['play']);
    assert.equal(item(host, 'status'), 'playing', 'play resolves after the state came back');
    await until(() => item(host, 'path') !== '', 5000, 'a file in the status');
    assert.ok(item(host, 'path')!.startsWith(lib));
    await until(() => c.bodyBytes > 16_000, 5000, 'audio bytes');
    await until(() => item(host, 'num_played') === '1', 5000, 'the play counted');
    assert.equal(host.numPlayed, 1);
    c.close();
  });

  test('/live.mp3 streams from the stream thread (mp3 files pass through); status lists it', async () => {
    const port = host.senders.get('http')!.port!;
    const c = listen(port, { request: 'GET /live.mp3 HTTP/1.1\r\nHost: t\r\n\r\n' });
    await until(() => c.bodyBytes > 16_000, 8000, 'mount audio');
    assert.equal(c.headers.get('content-type'), 'audio/mpeg');
    const body = c.bodyBuffer();
    assert.equal(body[0], 0xff, 'from a frame boundary');
    assert.match(
      (await h.run(['sender', 'http', 'status'])).text,
      /mount \/live\.mp3: 1 listeners/,
    );
    c.close();
  });

  test('the stream thread runs at a higher priority where the system allows it', () => {
    // Linux keeps a nice value per thread: field 19 of /proc/self/task/<tid>/stat
    const nices = fs
      .readdirSync('/proc/self/task')
      .map((tid) => fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'))
      .map((stat) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    const line = tasks.find((t) => t.name === 'stream thread');
    if (process.getuid?.() === 0) {
      assert.ok(nices.includes(-10), `a thread at nice -10 among ${nices.join(' ')}`);
      assert.match(line?.status ?? '', /high \(nice -10\) priority/);
    } else {
      assert.match(line?.status ?? '', /normal priority/);
    }
  });

  test('a blocked main thread does not stop the chunks', async (t) => {
    await host.resetTiming();
    const end = Date.now() + 600;
    while (Date.now() < end) {
      // the main thread is busy: no timer, message or socket of it runs
    }
    await new Promise((r) => setTimeout(r, 200));
    const timing = await host.timing();
    t.diagnostic(
      `main thread blocked 600 ms: ${timing.chunks} chunks, max lateness ${timing.maxLateUs / 1000} ms`,
    );
    assert.ok(
      timing.chunks >= 20,
      `chunks went out while the main thread was blocked: ${timing.chunks}`,
    );
    assert.ok(
      timing.maxLateUs < 250_000,
      `max lateness ${timing.maxLateUs} us, the block was 600 ms`,
    );
  });

  test('its log lines reach the main logger', async () => {
    await h.run(['sender', 'udp', 'add', '127.0.0.1:9']);
    await h.run(['sender', 'udp', 'delete', '127.0.0.1:9']);
    await until(
      () => lines.some((l) => l.thread === 'stream' && l.msg === 'udp target added'),
      5000,
      "the stream thread's line",
    );
  });

  test('a dead stream thread is started again and plays on', async () => {
    const played = host.numPlayed;
    await host.thread.terminate();
    await until(() => item(host, 'status') === 'playing' && item(host, 'path') !== '', 10_000);
    assert.ok(host.numPlayed > played, 'the plays of the dead thread still count');
    assert.ok(lines.some((l) => /stream thread ended/.test(l.msg)));
    assert.equal(host.senders.get('http')!.isOn, true, 'the senders are back on');
  });
});

describe('the stream thread under a playout leader (HLS follows the lead)', () => {
  let h: Harness;
  let lib: string;
  let host: StreamHost;
  const seqs: unknown[] = [];
  const served: { seq: number; disc: number }[] = [];

  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-host-lead-');
    fs.copyFileSync(fixture('cbr128.mp3'), path.join(lib, 'cbr128.mp3'));
    await h.run(['add', lib]);
    host = await StreamHost.open({
      afs: h.afs,
      senders: config(['--hls-target-duration', '2', '--afs-database-dir', lib]),
      announceTimeMs: 0,
      logger: pino({ level: 'silent' }),
      hls: {
        followsLead: true,
        onSeq: (e) => seqs.push(e),
        onServed: (_codec, seq, disc) => served.push({ seq, disc }),
      },
    });
    await host.start();
    await host.senders.get('http')!.command('on', []);
  });
  after(async () => {
    await host.close();
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  const playlist = async (): Promise<{ status: number; text: string; retry: string | null }> => {
    const r = await fetch(`http://127.0.0.1:${host.senders.get('http')!.port!}/hls/mp3.m3u8`);
    return { status: r.status, text: await r.text(), retry: r.headers.get('retry-after') };
  };

  test('standing by: 503; leading: numbers from the shared state; a restarted thread leads again', async () => {
    await host.play();
    await new Promise((r) => setTimeout(r, 2500));
    const idle = await playlist();
    assert.equal(idle.status, 503);
    assert.equal(idle.retry, '1');
    assert.equal(served.length, 0, 'a standby serves nothing');
    await host.hlsLead(true, { mp3: { seq: 500, disc: 4 } });
    let text = '';
    await waitFor(async () => {
      const p = await playlist();
      text = p.text;
      return p.status === 200;
    }, 10_000);
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:500\n#EXT-X-DISCONTINUITY-SEQUENCE:5\n/);
    // a segment is announced the first time it is fetched (a HEAD fetches nothing), once
    const segment = (method: string) =>
      fetch(`http://127.0.0.1:${host.senders.get('http')!.port!}/hls/mp3/500.mp3`, { method });
    assert.equal((await segment('HEAD')).status, 200);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(served, [], 'cut and not fetched: not announced');
    for (let i = 0; i < 2; i++)
      assert.equal((await (await segment('GET')).arrayBuffer()).byteLength > 0, true);
    await waitFor(async () => served.length > 0, 2000);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(served, [{ seq: 500, disc: 5 }]);
    assert.ok(seqs.length > 0, 'the reservations reach the main thread');
    const listed = (await playlist()).text;
    const lastBefore = Math.max(
      ...[...listed.matchAll(/^mp3\/(\d+)\.mp3$/gm)].map((m) => Number(m[1])),
    );
    await host.thread.terminate();
    await waitFor(async () => (await playlist()).status === 200, 15_000);
    // the new thread went on from hls-state.json: past every number used before
    const after = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec((await playlist()).text)?.[1]);
    assert.ok(after > lastBefore, `${after} > ${lastBefore}`);
  });
});
