// The command port end to end over real sockets: handshake with every key format, commands,
// permissions, blob upload, stat pushes, authentication failures, timeouts, bad packets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { permBits } from '../../commands/index.js';
import { ClientError, runCommand } from './client.js';
import { DEFAULTS } from './command-server.js';
import { encodePacket, SBD } from './sideband.js';
import type { KeyFiles, TestServer } from './test-util.js';
import { collect, nodeKeys, packets, rawSession, sshKeygen, startTestServer } from './test-util.js';

const ALL = 'AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE';

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('command port', () => {
  const dir = tempDir('paraweb-tcp-keys-');
  let pem: KeyFiles;
  let openssh: KeyFiles;
  let node: KeyFiles;
  let other: KeyFiles;
  let t: TestServer;

  before(async () => {
    pem = sshKeygen(dir, 'pem', 'pem');
    openssh = sshKeygen(dir, 'openssh', 'openssh');
    node = nodeKeys(dir, 'node');
    other = sshKeygen(dir, 'other', 'openssh');
    t = await startTestServer(
      [
        `user alice ${pem.pub} ${ALL}`,
        `user bob ${openssh.pub} ${ALL}`,
        `user carol ${node.pub} ${ALL}`,
        `user reader ${openssh.pub} AFS_READ,VSS_READ`,
      ],
      { authTimeoutMs: 400, lingerMs: 200 },
    );
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('handshake and a command with PEM, OpenSSH and PKCS#8 keys', async () => {
    for (const [user, keys] of [
      ['alice', pem],
      ['bob', openssh],
      ['carol', node],
    ] as const) {
      const r = await collect(t.client(user, keys.key), ['version']);
      assert.equal(r.success, true, user);
      assert.match(r.out.toString(), /^para_server \S+ \(paraweb\)\n$/);
      assert.deepEqual(r.logs, []);
    }
    // unique prefixes work as on paraslash
    assert.match(
      (await collect(t.client('bob', openssh.key), ['vers'])).out.toString(),
      /para_server/,
    );
  });

  test('a user without AFS_WRITE gets a permission error for rm and nothing changes', async () => {
    const bob = t.client('bob', openssh.key);
    assert.equal((await collect(bob, ['addatt', 'keep'])).success, true);
    const r = await collect(t.client('reader', openssh.key), ['rmatt', 'keep']);
    assert.equal(r.success, false);
    assert.equal(r.out.length, 0);
    assert.equal(r.logs.length, 1);
    assert.equal(r.logs[0]!.level, 4); // SBD_ERROR_LOG
    assert.match(r.logs[0]!.text, /^permission denied: rmatt needs AFS_READ \| AFS_WRITE\n$/);
    const rm = await collect(t.client('reader', openssh.key), ['rm', '/x/y.mp3']);
    assert.match(rm.logs[0]!.text, /^permission denied/);
    assert.equal((await collect(bob, ['lsatt'])).out.toString(), 'keep\n');
    // what the user may do still works
    assert.equal(
      (await collect(t.client('reader', openssh.key), ['lsatt'])).out.toString(),
      'keep\n',
    );
  });

  test('failing commands end with the error text and EXIT__FAILURE', async () => {
    const r = await collect(t.client('alice', pem.key), ['nosuchcommand']);
    assert.equal(r.success, false);
    assert.match(
      r.logs[0]!.text,
      /invalid subcommand: nosuchcommand \(no such subcommand; see help\)\n$/,
    );
    const bad = await collect(t.client('alice', pem.key), ['ls', '--bogus']);
    assert.match(bad.logs[0]!.text, /ls: option not recognized: --bogus\n$/);
  });

  test('blob upload: addlyr then catlyr returns the same bytes', async () => {
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const alice = t.client('alice', pem.key);
    const add = await collect(alice, ['addlyr', 'cover'], bytes);
    assert.equal(add.success, true, JSON.stringify(add.logs));
    const cat = await collect(alice, ['catlyr', 'cover']);
    assert.equal(cat.success, true);
    assert.ok(cat.out.equals(bytes));
    // empty stdin is just the EOF packet
    assert.equal((await collect(alice, ['addlyr', 'empty'], new Uint8Array())).success, true);
    assert.equal((await collect(alice, ['catlyr', 'empty'])).out.length, 0);
  });

  test('a blob over the limit ends with "input too large" and EXIT__FAILURE', async () => {
    const small = await startTestServer([`user alice ${pem.pub} ${ALL}`], { maxBlobBytes: 1000 });
    try {
      const r = await collect(
        small.client('alice', pem.key),
        ['addimg', 'big'],
        Buffer.alloc(5000, 1),
      );
      assert.equal(r.success, false);
      assert.match(r.logs[0]!.text, /input too large/);
      assert.equal((await collect(small.client('alice', pem.key), ['lsimg'])).out.length, 0);
    } finally {
      await small.close();
    }
  });

  test('stat -n 2 receives two complete dumps, the second after a change', async () => {
    t.feed.change([
      ['status', 'playing'],
      ['status_flags', 'P___'],
    ]);
    const outputs: string[] = [];
    const running = runCommand(t.client('bob', openssh.key), ['stat', '-n', '2'], {
      output: (b) => outputs.push(b.toString()),
    });
    await waitUntil(() => outputs.length === 1);
    t.feed.change([
      ['status', 'paused'],
      ['status_flags', '____'],
    ]);
    assert.equal((await running).success, true);
    assert.deepEqual(outputs, [
      'status: playing\nstatus_flags: P___\n',
      'status: paused\nstatus_flags: ____\n',
    ]);
    const pf = await collect(t.client('bob', openssh.key), ['stat', '-p', '-n', '1']);
    assert.equal(pf.out.toString(), '000a 01:paused\n0008 07:____\n');
  });

  test('stat without -n runs until the client closes; the server then lets go', async () => {
    const abort = new AbortController();
    let dumps = 0;
    const running = runCommand(t.client('bob', openssh.key), ['stat'], {
      output: () => dumps++,
      signal: abort.signal,
    });
    await waitUntil(() => dumps === 1);
    for (let i = 2; i <= 5; i++) {
      t.feed.change([['status', `s${i}`]]);
      await waitUntil(() => dumps === i);
    }
    abort.abort();
    assert.deepEqual(await running, { success: false, aborted: true });
    await waitUntil(() => t.feed.subscribers === 0 && t.server.counters().active === 0);
  });

  test('an unknown user and a wrong key fail the same way', async () => {
    const fails: string[] = [];
    for (const opts of [t.client('mallory', pem.key), t.client('alice', other.key)]) {
      await assert.rejects(runCommand(opts, ['version']), (err: unknown) => {
        assert.ok(err instanceof ClientError);
        assert.equal(err.kind, 'auth');
        fails.push(err.message.replace(/user \S+/, 'user X'));
        return true;
      });
    }
    assert.equal(fails[0], fails[1]);
  });

  test('no authentication within the timeout: closed silently (default 10 s)', async () => {
    assert.equal(DEFAULTS.authTimeoutMs, 10_000);
    const start = Date.now();
    const got = await rawExchange(t.server.port, []);
    assert.ok(Date.now() - start >= 350, 'closed too early');
    assert.match(
      got.toString(),
      /^This is para_server, version .*\nFeatures: sideband,aes_ctr128,sha256\n$/,
    );
    // a response sent one byte at a time is cut off by the same timer
    const slow = net.connect({ port: t.server.port, host: '127.0.0.1' });
    slow.on('error', () => {});
    const closed = new Promise<void>((r) => slow.once('close', () => r()));
    await new Promise((r) => slow.once('data', r));
    slow.write('auth rsa alice sideband,aes_ctr128');
    await new Promise((r) => slow.once('data', r));
    slow.write(Buffer.from([20, 0, 0, 0, SBD.CHALLENGE_RESPONSE]));
    const trickle = setInterval(() => slow.write(Buffer.from([0])), 50);
    await closed;
    clearInterval(trickle);
    assert.ok(Date.now() - start < 8000);
  });

  test('protocol errors close silently; other connections are untouched', async () => {
    const stat = new AbortController();
    let dumps = 0;
    const watcher = runCommand(t.client('bob', openssh.key), ['stat'], {
      output: () => dumps++,
      signal: stat.signal,
    });
    await waitUntil(() => dumps === 1);
    // bad auth requests: no challenge
    for (const req of [
      'hello',
      'auth rsa ',
      'auth rsa alice sideband,',
      'auth rsa alice rc4',
      'auth rsa alice sha256\n',
    ]) {
      const got = await rawExchange(t.server.port, [Buffer.from(req)]);
      assert.equal(got.toString().split('\n').length, 3, req); // the welcome and nothing else
    }
    // response: wrong band, too long, wrong digest
    for (const resp of [
      encodePacket(SBD.COMMAND, Buffer.alloc(20)),
      Buffer.from([0x01, 0x10, 0, 0, SBD.CHALLENGE_RESPONSE]),
      encodePacket(SBD.CHALLENGE_RESPONSE, Buffer.alloc(32)),
    ]) {
      const got = await rawExchange(t.server.port, [
        Buffer.from('auth rsa alice sideband,aes_ctr128,sha256'),
        resp,
      ]);
      assert.ok(got.length > 256);
    }
    // after PROCEED: a command longer than MAX_COMMAND_LEN, or another band: closed, no exit packet
    for (const header of [
      Buffer.from([0x01, 0x80, 0, 0, SBD.COMMAND]),
      encodePacket(SBD.BLOB_DATA, Buffer.from('x')),
      Buffer.from([0, 0, 0, 0, 0]),
    ]) {
      const s = await rawSession(t.server.port, 'alice', pem.key);
      s.socket.write(s.encrypt(header));
      await s.closed;
      assert.equal(s.received().length, 0);
    }
    // exactly MAX_COMMAND_LEN is accepted
    const max = await rawSession(t.server.port, 'alice', pem.key);
    const argv = Buffer.concat([
      Buffer.from('lsatt\0'),
      Buffer.alloc(32768 - 7, 0x61),
      Buffer.from('\0'),
    ]);
    max.socket.write(max.encrypt(encodePacket(SBD.COMMAND, argv)));
    await max.closed;
    assert.equal(packets(max.received()).at(-1)!.band, SBD.EXIT_SUCCESS);
    // an empty command packet
    const empty = await rawSession(t.server.port, 'alice', pem.key);
    empty.socket.write(empty.encrypt(encodePacket(SBD.COMMAND)));
    await empty.closed;
    const ps = packets(empty.received());
    assert.deepEqual(
      ps.map((p) => [p.band, p.data.toString()]),
      [
        [SBD.ERROR_LOG, 'Invalid argument\n'],
        [SBD.EXIT_FAILURE, ''],
      ],
    );
    assert.equal(dumps, 1);
    stat.abort();
    await watcher;
    assert.equal((await collect(t.client('alice', pem.key), ['lsatt'])).success, true);
  });

  test('hup re-reads the user list; si and tasks report the connections', async () => {
    const control = {
      hup: () => t.users.load().then(() => {}),
      terminate: () => {},
      loglevel: () => 'info',
      connections: () => t.server.counters(),
      tasks: () =>
        t.server
          .connections()
          .map((c) => ({ name: `#${c.id}`, status: `${c.user}: ${c.command}` })),
    };
    t.h.services.server.control = control;
    await assert.rejects(runCommand(t.client('dave', node.key), ['version']), ClientError);
    fs.appendFileSync(t.userFile, `user dave ${node.pub} VSS_WRITE\n`);
    assert.equal((await collect(t.client('alice', pem.key), ['hup'])).success, true);
    assert.equal((await collect(t.client('dave', node.key), ['version'])).success, true);
    const si = (await collect(t.client('dave', node.key), ['si'])).out.toString();
    assert.match(si, /^up: 0 days, 0:0\d\n/);
    assert.match(si, /^connections \(active\/accepted\/total\): 1\/\d+\/\d+$/m);
    assert.match(si, /^current loglevel: info$/m);
    assert.match(
      (await collect(t.client('dave', node.key), ['tasks'])).out.toString(),
      /dave: tasks/,
    );
    // dave has VSS_WRITE only: term needs VSS_READ too
    assert.match(
      (await collect(t.client('dave', node.key), ['term'])).logs[0]!.text,
      /permission denied/,
    );
    assert.equal(permBits('VSS_READ', 'VSS_WRITE'), 12);
  });
});

/** Sends each buffer after the previous answer and returns all bytes received until close. */
async function rawExchange(port: number, sends: Buffer[]): Promise<Buffer> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  const got: Buffer[] = [];
  let wake: (() => void) | undefined;
  const next = (): Promise<void> => new Promise<void>((r) => (wake = r));
  socket.on('data', (d: Buffer) => {
    got.push(d);
    wake?.();
  });
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  void closed.then(() => wake?.());
  await next(); // the welcome
  for (const s of sends) {
    if (socket.destroyed) break;
    socket.write(s);
    await next();
  }
  await closed;
  return Buffer.concat(got);
}
