// Listeners handed over to the sockwrite addon after their burst: they get exactly the stream,
// their sessions count their bytes, their net.Socket is garbage, a client leaving is seen at
// once, a listener that stops reading is dropped; with the addon off (the fallback) everything stays on net.Socket.
import assert from 'node:assert/strict';
import dc from 'node:diagnostics_channel';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exposeGc } from '../../../test/gc.js';
import type { Streaming } from '../../vss/test-util.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import type { ListenerEnd, ListenerStart, ListenerTap } from '../listener-tap.js';
import { HttpSender } from './http-sender.js';
import type { HttpSenderOptions } from './options.js';
import { listen, rateBetween, type StreamClient } from './test-client.js';

const CBR = ['cbr128.mp3', 'id3v1.mp3'];

// a full collection on demand, to see what a handed-over listener still keeps alive
const gc = exposeGc();

/** records the sessions the sender opens and how they end */
class Sessions implements ListenerTap {
  readonly starts: ListenerStart[] = [];
  readonly ends: ListenerEnd[] = [];
  opened(start: ListenerStart): number {
    return this.starts.push(start) - 1;
  }
  closed(_id: number, end: ListenerEnd): void {
    this.ends.push(end);
  }
  counted(): void {}
}

/** Is `body` a run of the stream's bytes (mp3 chunks go out as they are)? */
function isStreamRun(s: Streaming, body: Buffer): boolean {
  const all = Buffer.concat(s.rec.chunks().map((c) => c.chunk.data));
  const at = all.indexOf(body.subarray(0, 1024));
  return at >= 0 && all.subarray(at, at + body.length).equals(body);
}

/** Waits until the client has had everything the sender wrote to it. */
async function settled(c: StreamClient, bytes: () => number): Promise<void> {
  await until(() => c.bodyBytes + (c.head?.length ?? 0) + 4 === bytes(), 3000, 'settled');
}

function sender(tap: ListenerTap, log: string[], more: Partial<HttpSenderOptions>): HttpSender {
  const line = (a: unknown, b?: string): number => log.push(typeof a === 'string' ? a : (b ?? ''));
  return new HttpSender({
    port: 0,
    listenAddresses: ['127.0.0.1'],
    tap,
    log: { info: line, warn: line, error: line, debug: () => {} },
    ...more,
  });
}

describe('http sender: listeners written by the sockwrite addon', () => {
  let s: Streaming;
  let http: HttpSender;
  const tap = new Sessions();
  const log: string[] = [];
  before(async () => {
    http = sender(tap, log, {});
    s = await streaming(CBR, { senders: [http] });
    await http.start();
    await s.h.run(['play']);
    await sleep(3000); // a burst to send
  });
  after(async () => {
    await s.close();
  });

  test("a listener is the addon's from its head and burst on, gets exactly the stream and its bytes count", async () => {
    assert.deepEqual(
      log.filter((l) => l.includes('net.Socket')),
      [],
      'no fallback logged',
    );
    const c = listen(http.port);
    await until(() => c.bodyBytes > 0, 2000, 'the burst');
    assert.equal(http.nativeCount, 1, 'the addon wrote the head and the burst');
    assert.match(http.status(), /\nnative writes: 1 listeners written by sockwrite\n/);
    await sleep(3500); // flushes written by the addon
    const session = tap.starts.at(-1)!;
    await settled(c, session.bytes);
    const body = c.bodyBuffer();
    assert.ok(isStreamRun(s, body), `${body.length} bytes, exactly the stream's`);
    const rate = rateBetween(c, 1000, performance.now() - c.connectedAt);
    assert.ok(rate > 16000 * 0.9 && rate < 16000 * 1.1, `${rate.toFixed(0)} B/s`);
    const t0 = performance.now();
    c.close();
    await until(() => http.listenerCount() === 0, 1000, 'the listener gone');
    console.log(`a native listener's hang-up seen after ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(http.nativeCount, 0);
    assert.equal(tap.ends.at(-1), 'client');
  });

  test('a handed-over listener keeps no net.Socket alive (each held ~2 KB of heap)', async () => {
    const sockets: WeakRef<net.Socket>[] = [];
    const accepted = (msg: unknown): void => {
      sockets.push(new WeakRef((msg as { socket: net.Socket }).socket));
    };
    // Node publishes each socket its servers accept here (nodejs.org/api/diagnostics_channel.html)
    dc.subscribe('net.server.socket', accepted);
    try {
      const c = listen(http.port);
      await until(() => http.nativeCount === 1, 2500, 'the hand-over');
      await sleep(200); // the destroyed socket's own events have run
      assert.equal(sockets.length, 1, 'one socket accepted');
      gc();
      await sleep(0); // a WeakRef is cleared once the job that collected has ended
      assert.equal(sockets[0]!.deref(), undefined, 'the net.Socket was collected');
      assert.equal(http.nativeCount, 1, 'while its listener streams on');
      c.close();
      await until(() => http.listenerCount() === 0, 1000, 'gone');
    } finally {
      dc.unsubscribe('net.server.socket', accepted);
    }
  });

  test('ICY listeners are handed over too; the metadata stays in step', async () => {
    const c = listen(http.port, { headers: ['Icy-MetaData: 1'] });
    await until(() => http.nativeCount === 1, 2500, 'the hand-over');
    await sleep(2500);
    const body = c.bodyBuffer();
    // every 8192 audio bytes a length byte and its blocks: strip them, the rest is the stream
    const audio: Buffer[] = [];
    let titles = 0;
    for (let pos = 0; pos < body.length;) {
      audio.push(body.subarray(pos, Math.min(pos + 8192, body.length)));
      pos += 8192;
      if (pos >= body.length) break;
      const n = body[pos]! * 16;
      if (n > 0) {
        titles++;
        assert.match(body.subarray(pos + 1, pos + 1 + n).toString('utf8'), /^StreamTitle='/);
      }
      pos += 1 + n;
    }
    assert.equal(titles, 1, 'the title once, then empty blocks');
    assert.ok(isStreamRun(s, Buffer.concat(audio)), 'the audio between the blocks is the stream');
    c.close();
    await until(() => http.listenerCount() === 0, 1000, 'gone');
  });

  test('stop closes native listeners: everything written, then EOF', async () => {
    const c = listen(http.port);
    await until(() => http.nativeCount === 1, 2500, 'the hand-over');
    await sleep(1200);
    const ends = tap.ends.length;
    await s.h.run(['stop']);
    await Promise.race([c.closed, sleep(3000)]);
    assert.ok(c.ended, 'EOF');
    assert.ok(isStreamRun(s, c.bodyBuffer()), 'every byte up to the stop');
    // the session ends when the client has closed its side too
    await until(() => tap.ends.length > ends, 1000, 'the session closed');
    assert.equal(tap.ends.at(-1), 'stream_stopped');
    assert.equal(http.listenerCount(), 0);
    await s.h.run(['play']);
  });
});

test('a native listener that stops reading is dropped once 3 s behind (its kernel queue counts)', async () => {
  const tap = new Sessions();
  const http = sender(tap, [], { maxLagS: 3, lagCheckMs: 500 });
  const s = await streaming(CBR, { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await until(() => s.rec.chunks().length > 0, 5000, 'streaming');
    const c = listen(http.port);
    await until(() => http.nativeCount === 1, 3000, 'the hand-over');
    c.socket.pause();
    await until(() => http.dropped > 0, 40_000, 'dropped');
    assert.equal(tap.ends.at(-1), 'lag');
    c.close();
  } finally {
    await s.close();
  }
});

test('fallback: with the addon off, listeners stay on net.Socket, say why once, and stream', async () => {
  const tap = new Sessions();
  const log: string[] = [];
  const http = sender(tap, log, { nativeWrites: false });
  const s = await streaming(CBR, { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await sleep(2000);
    const c = listen(http.port);
    const d = listen(http.port);
    await sleep(4000);
    assert.equal(http.nativeCount, 0);
    assert.match(http.status(), /\nnative writes: none, sockwrite off \(nativeWrites: false\)\n/);
    assert.deepEqual(
      log.filter((l) => l.includes('net.Socket')),
      [
        'http sender: listeners are written through net.Socket: sockwrite off (nativeWrites: false)',
      ],
    );
    await settled(c, tap.starts[0]!.bytes);
    assert.ok(isStreamRun(s, c.bodyBuffer()), 'exactly the stream');
    const rate = rateBetween(c, 1000, performance.now() - c.connectedAt);
    assert.ok(rate > 16000 * 0.9 && rate < 16000 * 1.1, `${rate.toFixed(0)} B/s`);
    c.close();
    d.close();
    await until(() => http.listenerCount() === 0, 1000, 'gone');
  } finally {
    await s.close();
  }
});
