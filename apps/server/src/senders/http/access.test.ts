// Who gets the HTTP stream: the access list and the client limit through `sender http ...`,
// on/off, and a listener that never reads is dropped while the others keep their rate.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { PERMS } from '../../commands/index.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { listen, rateBetween } from './test-client.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

describe('sender http: access list, limits, on/off', () => {
  test('deny and allow a network; the status shows the list; listeners already in stay', async () => {
    const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    const s = await streaming(['cbr128.mp3', 'notags.mp3'], { senders: [http] });
    try {
      await http.start();
      await s.h.run(['play']);
      const early = listen(http.port);
      await until(() => early.bodyBytes > 0, 3000, 'data');
      await s.h.run(['sender', 'http', 'deny', '127.0.0.0/8']);
      const status = (await s.h.run(['sender', 'http', 'status'])).text;
      assert.match(status, /^status: on$/m);
      assert.match(status, new RegExp(`^port: ${http.port}$`, 'm'));
      assert.match(status, /^access deny list: 127\.0\.0\.0\/8$/m);
      assert.match(status, /^number of connected clients: 1$/m);
      const denied = listen(http.port);
      await denied.closed;
      assert.equal(denied.head, undefined, 'closed without an answer, as paraslash does');
      await sleep(300);
      assert.ok(!early.ended, 'a listener already connected stays');
      await s.h.run(['sender', 'http', 'allow', '127.0.0.1']);
      assert.match(
        (await s.h.run(['sender', 'http', 'status'])).text,
        /^access deny list: \(empty\)$/m,
      );
      const again = listen(http.port);
      await until(() => again.bodyBytes > 0, 3000, 'allowed again');
      again.close();
      early.close();
    } finally {
      await s.close();
    }
  });

  test('--http-default-deny: only the listed networks; --http-max-clients', async () => {
    const http = new HttpSender({
      port: 0,
      listenAddresses: ['127.0.0.1'],
      defaultDeny: true,
      access: ['10.0.0.0/8'],
      maxClients: 2,
    });
    const s = await streaming(['cbr128.mp3'], { senders: [http] });
    try {
      await http.start();
      await s.h.run(['play']);
      const no = listen(http.port);
      await no.closed;
      assert.equal(no.head, undefined);
      await s.h.run(['sender', 'http', 'allow', '127.0.0.0/8']);
      assert.match(
        (await s.h.run(['sender', 'http', 'status'])).text,
        /^access allow list: 10\.0\.0\.0\/8 127\.0\.0\.0\/8$/m,
      );
      const a = listen(http.port);
      const b = listen(http.port);
      await until(() => a.bodyBytes > 0 && b.bodyBytes > 0, 3000, 'two listeners');
      const c = listen(http.port);
      await c.closed;
      assert.equal(c.status, 503);
      assert.match(
        (await s.h.run(['sender', 'http', 'status'])).text,
        /^maximal number of clients: 2$/m,
      );
      a.close();
      await until(() => http.clientCount === 1, 2000, 'a gone');
      const d = listen(http.port);
      await until(() => d.bodyBytes > 0, 3000, 'room again');
      b.close();
      d.close();
    } finally {
      await s.close();
    }
  });

  test('the sender command: list, help, status, bad input shows help, dccp, off and on', async () => {
    const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    const s = await streaming([], { senders: [http] });
    try {
      await http.start();
      assert.equal((await s.h.run(['sender'])).text, 'rec\nhttp\n');
      const help = (await s.h.run(['sender', 'http', 'help'])).text;
      assert.match(help, /allow\|deny/);
      for (const bad of [
        ['http'],
        ['http', 'bogus'],
        ['http', 'allow'],
        ['http', 'allow', '1.2.3.4/40'],
        ['http', 'on', 'x'],
        ['http', 'add', 'host'],
      ]) {
        assert.equal((await s.h.run(['sender', ...bad])).text, help, bad.join(' '));
      }
      assert.match(
        (await s.h.run(['sender', 'http', 'status'])).text,
        /^connected clients: \(none\)$/m,
      );
      const dccp = await s.h.fail(['sender', 'dccp', 'on']);
      assert.equal(dccp.code, 'E_UNSUPPORTED');
      assert.match(dccp.message, /DCCP/);
      assert.equal((await s.h.fail(['sender', 'nosuch', 'on'])).code, 'E_INVALID');
      assert.equal((await s.h.fail(['sender'], { perms: PERMS.VSS_READ })).code, 'E_PERMISSION');
      const port = http.port;
      await s.h.run(['sender', 'http', 'off']);
      assert.match((await s.h.run(['sender', 'http', 'status'])).text, /^status: off$/m);
      assert.ok(await refused(port));
      await s.h.run(['sender', 'http', 'on']);
      assert.ok(http.isOn);
      assert.ok(!(await refused(http.port)));
    } finally {
      await s.close();
    }
  });
});

test('a listener that never reads is dropped; a reading one keeps its rate', async () => {
  // ~1 MB/s of FLAC fills the kernel's socket buffers (~4 MB on loopback) in seconds
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-slow-'));
  const wav = path.join(dir, 'noise.wav');
  const flac = path.join(dir, 'noise.flac');
  execFileSync('sox', [
    '-n',
    '-r',
    '192000',
    '-b',
    '24',
    '-c',
    '2',
    wav,
    'synth',
    '14',
    'whitenoise',
    'gain',
    '-6',
  ]);
  execFileSync('flac', ['-s', '-f', '-0', '-o', flac, wav], { stdio: 'ignore' });
  const http = new HttpSender({
    port: 0,
    listenAddresses: ['127.0.0.1'],
    maxQueueBytes: 256 * 1024,
  });
  const s = await streaming([[flac, 'noise.flac']], { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await until(() => s.rec.chunks().length > 0, 5000, 'streaming');
    const bytesPerSecond = (s.rec.files()[0]!.bitrate * 1000) / 8;
    const slow = listen(http.port, { read: false });
    const normal = listen(http.port);
    await Promise.race([slow.closed, sleep(10_000)]);
    assert.equal(http.dropped, 1, 'the slow listener was dropped');
    await sleep(1000);
    const rate = rateBetween(normal, 1000, 6000);
    console.log(
      `slow listener dropped; normal listener ${(rate / 1000).toFixed(0)} kB/s of ${(bytesPerSecond / 1000).toFixed(0)} kB/s`,
    );
    assert.ok(rate > bytesPerSecond * 0.95, `normal listener at ${rate} B/s`);
    assert.ok(!normal.ended);
    normal.close();
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
