// The UDP sender: `sender udp` subcommands and texts, on/off/add/delete with real sockets on
// 127.0.0.1, stream breaks, and targets that cannot take a file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { fixture } from '../../../test/fixtures.js';
import { ParaError } from '../../errors.js';
import type { UdpSenderOptions } from './sender.js';
import { UdpSender } from './sender.js';
import { isMulticast, parseTarget } from './target.js';
import { concat, fixtureStream, listen, play, until } from './test-helpers.js';

function udp(opts: Partial<UdpSenderOptions> = {}): UdpSender {
  return new UdpSender({
    targets: [],
    defaultPort: 8000,
    noAutostart: false,
    headerIntervalMs: 2000,
    ttl: 1,
    mcastIface: undefined,
    ...opts,
  });
}

const HELP = `usage: {on|off}
usage: {add|delete} host[:port][/packet_size:k:n]
examples: add 224.0.1.38:1500 (IPv4 multicast)
          add 224.0.1.38:8000/1200:11:15 (explicit FEC)
          add 10.10.1.42 (using default port)
          add [FF05::42]:1500 (IPv6 multicast)
          add [::1] (IPv6 localhost/default port)
          delete myhost.net (host with port 8000)
          delete [badc0de::1] (IPv6 with port 8000)
`;

describe('target syntax', () => {
  test('host[:port][/mps:k:n] with defaults', () => {
    const t = (s: string) => {
      const r = parseTarget(s, 8000);
      return r.ok ? r.target : r.error;
    };
    assert.deepEqual(t('10.10.1.42'), {
      host: '10.10.1.42',
      port: 8000,
      fec: { maxSliceBytes: 0, dataSlices: 14, slicesPerGroup: 16 },
    });
    assert.deepEqual(t('224.0.1.38:8000/1200:11:15'), {
      host: '224.0.1.38',
      port: 8000,
      fec: { maxSliceBytes: 1200, dataSlices: 11, slicesPerGroup: 15 },
    });
    assert.deepEqual(t('[FF05::42]:1500'), {
      host: 'FF05::42',
      port: 1500,
      fec: { maxSliceBytes: 0, dataSlices: 14, slicesPerGroup: 16 },
    });
    assert.equal((t('[::1]') as { port: number }).port, 8000);
    assert.equal((t('myhost.net') as { host: string }).host, 'myhost.net');
    for (const bad of [
      '',
      'a b',
      'host:0',
      'host:65536',
      'host:x',
      '[::1',
      '[nonsense]:5',
      'h/1:1:1',
      'h/32:1:1',
      'h/65508:1:1',
      'h/0:0:4',
      'h/0:5:4',
      'h/0:1:256',
      'h/0:1',
      'h/a:b:c',
      'h:1:2',
    ]) {
      assert.equal(typeof t(bad), 'string', `accepted "${bad}"`);
    }
    assert.ok(
      isMulticast('224.0.1.38') && isMulticast('239.255.255.255') && isMulticast('ff05::42'),
    );
    assert.ok(
      !isMulticast('223.255.255.255') && !isMulticast('240.0.0.1') && !isMulticast('127.0.0.1'),
    );
  });
});

describe('sender udp subcommands', () => {
  test('status, help, add, delete with paraslash texts', async () => {
    const s = udp({ targets: ['127.0.0.1:9', '[::1]:9/1400:4:8'], defaultPort: 8001 });
    try {
      assert.equal(s.name, 'udp');
      assert.deepEqual(s.subcommands, { add: 1, delete: 1, on: 0, off: 0 });
      assert.equal(s.help(), HELP);
      assert.equal(
        s.status(),
        'status: off\nport: 8001\ntargets: 127.0.0.1:9/0:14:16 [::1]:9/1400:4:8 \n',
      );
      assert.equal(await s.command('add', ['localhost/1400:8:16']), '');
      assert.equal(
        await s.command('add', ['nonsense!']),
        undefined,
        'malformed: the caller shows help',
      );
      assert.equal(await s.command('delete', ['127.0.0.1:9/1:2:3']), undefined);
      assert.equal(await s.command('delete', ['127.0.0.1:9']), '');
      assert.equal(await s.command('delete', ['10.1.1.1']), '', 'no such target: only logged');
      assert.equal(await s.command('allow', ['10.0.0.0/8']), undefined);
      assert.equal(
        s.status(),
        'status: off\nport: 8001\ntargets: [::1]:9/1400:4:8 localhost:8001/1400:8:16 \n',
      );
      assert.equal(
        await s.command('delete', ['LOCALHOST']),
        '',
        'default port, host case-insensitive',
      );
      assert.equal(await s.command('delete', ['::1:9']), '', 'a bare IPv6 address has no port');
      assert.equal(s.status().split('\n')[2], 'targets: [::1]:9/1400:4:8 ');
      assert.equal(await s.command('delete', ['[::1]:9']), '');
      assert.equal(s.status(), 'status: off\nport: 8001\ntargets: (none)\n');
    } finally {
      await s.stop();
    }
  });

  test('malformed --udp-target values are all named at boot', () => {
    assert.throws(
      () => udp({ targets: ['ok.host', 'bad host', '1.2.3.4/0:9:3'] }),
      (err: unknown) =>
        err instanceof ParaError &&
        err.code === 'E_CONFIG' &&
        err.message.includes('bad host') &&
        err.message.includes('1.2.3.4/0:9:3'),
    );
  });

  test('on streams to every target; off sends EOF and stops; on again resumes mid-file with the header', async () => {
    const a = await listen();
    const b = await listen();
    const s = udp({ targets: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}/600:4:6`] });
    const ogg = await fixtureStream(fixture('vorbis.ogg'), 4000);
    try {
      assert.equal(s.autostart, true);
      assert.equal(s.isOn, false);
      s.fileStart(ogg.file);
      await play(s, ogg, 0, 10); // off: nothing is sent
      assert.equal(await s.command('on', []), '');
      assert.equal(s.isOn, true);
      assert.match(s.status(), /^status: on\n/);
      await play(s, ogg, 10, 100);
      s.streamBreak('pause'); // off drops what is not sent yet: let the last group go out first
      await until(() => !s.isBusy);
      assert.equal(await s.command('off', []), '');
      await a.eof();
      await b.eof();
      assert.match(s.status(), /^status: off\n/);
      const first = concat([ogg.file.header!, ...ogg.chunks.slice(10, 100)]);
      assert.deepEqual(a.output(), first);
      assert.deepEqual(b.output(), first);
      await play(s, ogg, 100, 120); // off again: nothing
      await s.start();
      await play(s, ogg, 120, 200);
      s.streamBreak('eof');
      await a.eof(2);
      await b.eof(2);
      assert.deepEqual(
        a.output(),
        concat([first, ogg.file.header!, ...ogg.chunks.slice(120, 200)]),
      );
      assert.deepEqual(b.output(), a.output());
      assert.equal(a.receiver.stats.groupsLost + b.receiver.stats.groupsLost, 0);
    } finally {
      await s.stop();
      await a.close();
      await b.close();
    }
  });

  test('add while streaming picks up mid-file; delete ends that target with EOF', async () => {
    const a = await listen();
    const b = await listen();
    const s = udp({ targets: [`127.0.0.1:${a.port}`] });
    const mp3 = await fixtureStream(fixture('cbr128.mp3'), 2000);
    try {
      await s.start();
      s.fileStart(mp3.file);
      await play(s, mp3, 0, 50);
      assert.equal(await s.command('add', [`127.0.0.1:${b.port}/0:2:3`]), '');
      await play(s, mp3, 50, 120);
      assert.equal(await s.command('delete', [`127.0.0.1:${b.port}`]), '');
      await b.eof();
      await play(s, mp3, 120);
      s.streamBreak('stop');
      await a.eof();
      assert.deepEqual(a.output(), concat(mp3.chunks));
      // b got whole groups from chunk 50 on, and lost at most the group still queued at delete
      const got = b.output();
      const from50 = concat(mp3.chunks.slice(50, 120));
      assert.ok(got.length > 0 && got.length <= from50.length);
      assert.deepEqual(got, from50.subarray(0, got.length));
    } finally {
      await s.stop();
      await a.close();
      await b.close();
    }
  });

  test('pause and repositioning restart the group numbers without EOF; next file after EOF', async () => {
    const a = await listen();
    const s = udp({ targets: [`127.0.0.1:${a.port}`] });
    const ogg = await fixtureStream(fixture('vorbis.ogg'), 4000);
    const mp3 = await fixtureStream(fixture('cbr128.mp3'), 2000);
    try {
      await s.start();
      s.fileStart(ogg.file);
      await play(s, ogg, 0, 80);
      s.streamBreak('pause');
      await play(s, ogg, 80, 150);
      s.streamBreak('repos');
      await play(s, ogg, 200, 250);
      s.streamBreak('eof');
      s.fileStart(mp3.file);
      await play(s, mp3);
      s.fileStart({ ...mp3.file, seq: 2 }); // no break first: still ends the previous file
      await a.eof(2);
      assert.deepEqual(
        a.output(),
        concat([...ogg.chunks.slice(0, 150), ...ogg.chunks.slice(200, 250), ...mp3.chunks]),
      );
      assert.equal(a.receiver.stats.streams, 2);
    } finally {
      await s.stop();
      await a.close();
    }
  });

  test('a target whose slices cannot hold a chunk skips the file; refused packets do not hurt', async () => {
    const a = await listen();
    const closed = await listen();
    await closed.close(); // nobody listens there: ECONNREFUSED
    const logged: string[] = [];
    const s = udp({
      targets: [`127.0.0.1:${a.port}`, `127.0.0.1:${closed.port}`, `127.0.0.1:${a.port}/33:1:1`],
      log: pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) }),
    });
    const mp3 = await fixtureStream(fixture('cbr128.mp3'), 2000);
    try {
      await s.start();
      s.fileStart(mp3.file);
      await play(s, mp3);
      s.streamBreak('eof');
      await a.eof();
      await until(() => !s.isBusy);
      const sent = s.packetsSent();
      assert.equal(
        sent[`127.0.0.1:${a.port}/33:1:1`],
        0,
        '418-byte chunks need more than 255 one-byte slices',
      );
      assert.ok(sent[`127.0.0.1:${closed.port}/0:14:16`]! > 10);
      assert.deepEqual(a.output(), concat(mp3.chunks));
      // every refused packet is an error; the log gets one line, not one per packet
      const errors = logged.filter((l) => l.includes('udp socket error'));
      assert.equal(errors.length, 1, logged.join(''));
    } finally {
      await s.stop();
      await a.close();
    }
  });
});
