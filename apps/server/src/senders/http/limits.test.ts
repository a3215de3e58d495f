// The stream port under a hostile or unlucky load, on real sockets: connections per address and
// in all, a request that trickles in a byte a second, a listener that stops reading.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { makeTone } from '../mounts/test-media.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { listen, rateBetween } from './test-client.js';

/** A connection that sends nothing; resolves to it once connected. */
function idle(port: number, from = '127.0.0.1'): Promise<net.Socket & { gone: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: from }) as net.Socket & {
      gone: boolean;
    };
    s.gone = false;
    s.on('error', () => {});
    s.on('close', () => (s.gone = true));
    s.on('connect', () => resolve(s));
  });
}

describe('http sender: connection limits', () => {
  test('per address and in total; a closed connection makes room again', async () => {
    const http = new HttpSender({
      port: 0,
      listenAddresses: ['127.0.0.1'],
      maxConnectionsPerAddress: 5,
      maxConnections: 7,
    });
    await http.start();
    try {
      const one = await Promise.all(Array.from({ length: 12 }, () => idle(http.port)));
      await sleep(300);
      assert.equal(one.filter((s) => !s.gone).length, 5, 'five from 127.0.0.1 stay');
      const two = await Promise.all(Array.from({ length: 3 }, () => idle(http.port, '127.0.0.2')));
      await sleep(300);
      assert.equal(two.filter((s) => !s.gone).length, 2, 'two more from 127.0.0.2: seven in all');
      const three = await idle(http.port, '127.0.0.3');
      await sleep(300);
      assert.ok(three.gone, 'the total is reached');
      one.find((s) => !s.gone)!.destroy();
      await sleep(200);
      const again = await idle(http.port, '127.0.0.3');
      await sleep(300);
      assert.ok(!again.gone, 'room again');
      for (const s of [...one, ...two, again]) s.destroy();
    } finally {
      await http.stop();
    }
  });

  test('the request timeout is a deadline: a byte a second does not keep the connection', async () => {
    const http = new HttpSender({
      port: 0,
      listenAddresses: ['127.0.0.1'],
      requestTimeoutMs: 3000,
    });
    await http.start();
    try {
      const s = await idle(http.port);
      const t0 = performance.now();
      const request = 'GET / HTTP/1.1\r\nHost: slowloris\r\nX-Pad: ' + 'a'.repeat(100);
      let i = 0;
      const drip = setInterval(() => {
        if (!s.gone) s.write(request[i++ % request.length]!);
      }, 1000);
      let answered = false;
      s.on('data', () => (answered = true));
      await until(() => s.gone, 8000, 'closed by the deadline');
      clearInterval(drip);
      const ms = performance.now() - t0;
      assert.ok(ms > 2500 && ms < 5000, `closed after ${ms.toFixed(0)} ms`);
      assert.ok(!answered, 'no answer');
    } finally {
      await http.stop();
    }
  });
});

describe('http sender: who is shown and who is refused', () => {
  test('status shows IPv4 peers of an IPv6 socket as a.b.c.d; a denied client gets no answer', async () => {
    const http = new HttpSender({ port: 0, listenAddresses: ['::'] });
    const s = await streaming(['cbr128.mp3'], { senders: [http] });
    try {
      await http.start();
      await s.h.run(['play']);
      const c = listen(http.port);
      await until(() => c.bodyBytes > 0, 3000, 'data');
      const status = (await s.h.run(['sender', 'http', 'status'])).text;
      const port = c.socket.localPort!;
      assert.match(status, new RegExp(`^connected clients: 127\\.0\\.0\\.1:${port}$`, 'm'));
      assert.doesNotMatch(status, /::ffff:/);
      await s.h.run(['sender', 'http', 'deny', '127.0.0.2']);
      const denied = listen(http.port, { from: '127.0.0.2' });
      await Promise.race([denied.closed, sleep(3000)]);
      assert.equal(denied.head, undefined, 'closed without an HTTP answer');
      assert.equal(denied.bodyBytes, 0);
      assert.ok(!c.ended, 'the allowed listener stays');
      c.close();
    } finally {
      await s.close();
    }
  });
});

test('a listener that stops reading is dropped once 3 s behind; a reading one keeps its rate', async () => {
  const http = new HttpSender({
    port: 0,
    listenAddresses: ['127.0.0.1'],
    maxLagS: 3,
    lagCheckMs: 500,
  });
  const s = await streaming(['cbr128.mp3', 'notags.mp3'], { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await until(() => s.rec.chunks().length > 0, 5000, 'streaming');
    const normal = listen(http.port);
    const slow = listen(http.port, { read: false });
    const t0 = performance.now();
    // (the client does not read, so it would not see the close: the server's count tells)
    await until(
      () => http.dropped > 0,
      40_000,
      'dropped (before: only after minutes at 128 kbit/s)',
    );
    const s1 = (performance.now() - t0) / 1000;
    console.log(`the listener that never read was dropped after ${s1.toFixed(1)} s`);
    assert.equal(http.dropped, 1);
    slow.close();
    assert.ok(s1 > 2, `not before it was 3 s behind (${s1.toFixed(1)} s)`);
    await sleep(1500);
    assert.ok(!normal.ended, 'the reading listener stays');
    const rate = rateBetween(normal, 3000, performance.now() - normal.connectedAt);
    assert.ok(rate > 16000 * 0.95, `reading listener at ${rate.toFixed(0)} B/s`);
    normal.close();
  } finally {
    await s.close();
  }
});

/** para_recv's request from a client that never reads, with a 4 KB receive buffer */
const NEVER_READS = `
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET / HTTP/1.0\\n\\n")
time.sleep(60)
`;

describe('http sender: a para_recv listener that stops reading', () => {
  let dir: string;
  let tone: string;
  before(() => {
    dir = tempDir('paraweb-lag-');
    // para_recv is closed at each file's end: one file long enough to fall behind in
    tone = makeTone(dir, { name: 'long.mp3', seconds: 40 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const nativeWrites of [true, false]) {
    const how = nativeWrites
      ? 'SIOCOUTQ through the addon, /proc/net not read'
      : 'addon off: /proc/net/tcp';
    test(`is dropped once 1 s behind (${how})`, async () => {
      const http = new HttpSender({
        port: 0,
        listenAddresses: ['127.0.0.1'],
        maxLagS: 1,
        lagCheckMs: 500,
        nativeWrites,
      });
      const s = await streaming([[tone, 'long.mp3']], { senders: [http] });
      try {
        await http.start();
        await s.h.run(['play']);
        await until(() => s.rec.chunks().length > 0, 5000, 'streaming');
        // para_recv's request (bare \n): it stays on net.Socket and gets every chunk at once.
        // Its client never reads and has a 4 KB receive buffer (python: Node cannot set one),
        // so the server's kernel queue grows at once, not after the ~300 KB loopback holds
        const slow = spawn('python3', ['-c', NEVER_READS, String(http.port)], { stdio: 'ignore' });
        try {
          await until(() => http.dropped > 0, 20_000, 'dropped');
        } finally {
          slow.kill();
        }
        assert.equal(http.nativeCount, 0, 'para_recv is not taken over');
        if (nativeWrites) assert.equal(http.lagProcReads, 0, 'the addon answered');
        else assert.ok(http.lagProcReads > 0, '/proc/net/tcp read');
      } finally {
        await s.close();
      }
    });
  }
});
