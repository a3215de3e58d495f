// The stream port under a hostile or unlucky load, on real sockets: connections per address and
// in all, a request that trickles in a byte a second, a listener that stops reading.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
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
