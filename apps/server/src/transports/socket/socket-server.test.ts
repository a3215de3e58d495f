// The live doors: socket.io and the tRPC status subscription over real websockets. Login is
// required, events reach only users whose permission bits allow them, commands over socket.io
// are checked like everywhere else, and one address cannot flood the server with connections.
import { TRPCClientError } from '@trpc/client';
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startTestApi, waitForEvent, type IoClient, type TestApi } from '../../../test/api.js';
import { PERMS } from '../../commands/index.js';
import type { StatusObject } from '../web/index.js';
import type { AfsChangeBatch } from '../../afs/index.js';
import type { CommandAck, SenderSummary } from './events.js';
import { HttpSender, SenderTable } from '../../senders/index.js';
import { silentLogger } from '../../log.js';

function connected(s: IoClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

function refused(s: IoClient): Promise<Error> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => reject(new Error('connected')));
    s.once('connect_error', resolve);
  });
}

function command(s: IoClient, name: string, input?: unknown): Promise<CommandAck> {
  return s.timeout(10_000).emitWithAck('command', { command: name, input });
}

function nextStatus(s: IoClient, pick: (st: StatusObject) => boolean): Promise<StatusObject> {
  return waitForEvent<StatusObject>(
    (l) => (s.on('vss:status', l), () => s.off('vss:status', l)),
    pick,
  );
}

describe('socket.io and status.watch', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  test('a socket needs a valid session or token', async () => {
    assert.equal((await refused(api.socket({}))).message, 'login required');
    assert.equal(
      (await refused(api.socket({ cookie: 'paraweb_session=forged' }))).message,
      'invalid session',
    );
    assert.equal((await refused(api.socket({ token: 'pwt_forged' }))).message, 'invalid token');
    const { token } = await api.api.auth.createToken('reader', 'socket');
    const s = api.socket({ token });
    await connected(s);
    s.disconnect();
  });

  test('vss:status: sent on connect and on every change, only to users with VSS_READ', async () => {
    const [readerCookie, nobodyCookie] = [await api.login('reader'), await api.login('nobody')];
    const reader = api.socket({ cookie: readerCookie });
    const nobody = api.socket({ cookie: nobodyCookie });
    const nobodyGot: StatusObject[] = [];
    nobody.on('vss:status', (s) => nobodyGot.push(s));
    const first = nextStatus(reader, () => true);
    await Promise.all([connected(reader), connected(nobody)]);
    assert.equal((await first).status, 'stopped');
    const playing = nextStatus(reader, (s) => s.status === 'playing');
    api.feed.set('status', 'playing');
    assert.equal((await playing).status, 'playing');
    // an ack sent after the change arrives after anything broadcast before it
    await command(nobody, 'version');
    assert.deepEqual(nobodyGot, []);
    reader.disconnect();
    nobody.disconnect();
  });

  test('status.watch (tRPC over the websocket) gets the same, typed; VSS_READ is needed', async () => {
    const { token } = await api.api.auth.createToken('reader', 'watch');
    const c = api.client({ token });
    const seen: StatusObject[] = [];
    const got = waitForEvent<StatusObject>(
      (l) => {
        const sub = c.trpc.status.watch.subscribe(undefined, {
          onData: (s) => (seen.push(s), l(s)),
        });
        return () => sub.unsubscribe();
      },
      (s) => s.path === '/music/new.mp3',
    );
    // the first dump comes at once; then a change
    await waitForEvent<void>((l) => {
      const t = setInterval(() => seen.length > 0 && l(), 10);
      return () => clearInterval(t);
    });
    api.feed.set('path', '/music/new.mp3');
    assert.equal((await got).status, 'playing');
    c.close();

    const nobody = api.client({ cookie: await api.login('nobody') });
    const err = await new Promise<unknown>((resolve) => {
      nobody.trpc.status.watch.subscribe(undefined, {
        onError: resolve,
        onData: () => resolve('data'),
      });
    });
    assert.ok(err instanceof TRPCClientError, String(err));
    assert.match(err.message, /permission denied: status.watch needs VSS_READ/);
    nobody.close();
  });

  test('commands over socket.io: results, permission denial, bad requests; nothing crashes', async () => {
    const reader = api.socket({ cookie: await api.login('reader') });
    await connected(reader);
    const ok = await command(reader, 'ls', { args: [] });
    assert.deepEqual(ok, {
      ok: true,
      output: { files: [], admissible: false },
      text: '',
      failure: null,
    });
    // a user without VSS_WRITE cannot pause, on this door either
    const vssWrite =
      api.commands.get('pause') ?? api.commands.all().find((c) => c.perms & PERMS.VSS_WRITE)!;
    const denied = await command(reader, vssWrite.name, { args: [] });
    assert.equal(denied.ok, false);
    if (!denied.ok) {
      assert.equal(denied.error.code, 'E_PERMISSION');
      assert.match(denied.error.message, new RegExp(`permission denied: ${vssWrite.name} needs`));
    }
    const addatt = await command(reader, 'addatt', { args: ['x'] });
    assert.equal(!addatt.ok && addatt.error.code, 'E_PERMISSION');
    for (const bad of [
      null,
      42,
      'ls',
      { command: '' },
      { command: 'nosuchcommand' },
      { command: 'ls', input: { sort: 7 } },
    ]) {
      // what a client that ignores the event types might send
      const untyped = reader as unknown as {
        timeout(ms: number): { emitWithAck(ev: string, v: unknown): Promise<CommandAck> };
      };
      const a = await untyped.timeout(10_000).emitWithAck('command', bad);
      assert.equal(a.ok, false, JSON.stringify(bad));
    }
    const syntax = await command(reader, 'ls', { args: [], sort: 'bogus' });
    assert.equal(!syntax.ok && syntax.error.message.startsWith('ls: sort: '), true);
    // events without an ack and unknown events are ignored
    reader.emit('command', { command: 'version' }, undefined as never);
    (reader as unknown as { emit(e: string, v: unknown): void }).emit('no-such-event', 1);
    assert.equal((await command(reader, 'version')).ok, true);
    reader.disconnect();
  });

  test('afs:change: database changes reach users with AFS_READ', async () => {
    const reader = api.socket({ cookie: await api.login('reader') });
    const admin = api.socket({ cookie: await api.login('admin') });
    await Promise.all([connected(reader), connected(admin)]);
    const change = waitForEvent<AfsChangeBatch>(
      (l) => (reader.on('afs:change', l), () => reader.off('afs:change', l)),
      (b) => b.changes.some((c) => c.type === 'attribute:add' && c.name === 'live'),
    );
    const r = await command(admin, 'addatt', { args: ['live'] });
    assert.equal(r.ok, true);
    await change;
    reader.disconnect();
    admin.disconnect();
  });

  test('senders:status: listeners per sender reach users with VSS_READ', async () => {
    const senders = new SenderTable();
    const http = new HttpSender({
      port: 0,
      listenAddresses: ['127.0.0.1'],
      defaultDeny: false,
      access: [],
      maxClients: -1,
      log: silentLogger(),
    });
    senders.add(http);
    await http.start();
    api.services.senders = senders;
    const reader = api.socket({ cookie: await api.login('reader') });
    const counts = (want: number): Promise<SenderSummary[]> =>
      waitForEvent<SenderSummary[]>(
        (l) => (reader.on('senders:status', l), () => reader.off('senders:status', l)),
        (list) => list.some((x) => x.name === 'http' && x.listeners === want),
      );
    const initial = counts(0); // sent on connect
    await connected(reader);
    await initial;
    const listening = counts(1);
    // a raw listener: nothing streams in this test, so no response has to come first
    const conn = net.connect(http.port, '127.0.0.1', () => conn.write('GET / HTTP/1.0\r\n\r\n'));
    conn.on('error', () => {});
    try {
      // no live mounts in this sender: the list of mounts is empty
      assert.deepEqual(await listening, [{ name: 'http', isOn: true, listeners: 1, mounts: [] }]);
      const gone = counts(0);
      conn.destroy();
      await gone;
    } finally {
      // a failure must not leave the sender listening (the file would never end)
      conn.destroy();
      reader.disconnect();
      delete api.services.senders;
      await http.stop();
    }
  });

  test('a logout ends the socket.io connection and the status subscription at once', async () => {
    const cookie = await api.login('admin');
    const s = api.socket({ cookie });
    await connected(s);
    const c = api.client({ cookie });
    const subscriptionEnded = new Promise<unknown>((resolve) => {
      c.trpc.status.watch.subscribe(undefined, { onError: resolve, onData: () => undefined });
    });
    const disconnected = new Promise<string>((resolve) => s.once('disconnect', resolve));
    // the subscription runs before the logout
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${api.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie, 'x-paraweb-csrf': '1', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 200);
    assert.equal(await disconnected, 'io server disconnect');
    const err = await subscriptionEnded;
    assert.ok(err instanceof TRPCClientError, String(err));
    assert.match(err.message, /session ended/);
    c.close();
    // and the old cookie opens nothing new
    assert.match((await refused(api.socket({ cookie }))).message, /invalid session/);
  });

  test('revoking a token ends its socket; other users keep theirs', async () => {
    const { id, token } = await api.api.auth.createToken('reader', 'to revoke');
    const revoked = api.socket({ token });
    const other = api.socket({ cookie: await api.login('admin') });
    await Promise.all([connected(revoked), connected(other)]);
    const disconnected = new Promise<string>((resolve) => revoked.once('disconnect', resolve));
    assert.equal(await api.api.auth.revokeToken(id), true);
    assert.equal(await disconnected, 'io server disconnect');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(other.connected, true);
    const a = await command(other, 'version');
    assert.equal(a.ok, true);
  });
});

describe('connection limits', () => {
  let api: TestApi;
  before(
    async () =>
      (api = await startTestApi({ extra: { limits: { maxPerAddress: 4, maxNew: 100 } } })),
  );
  after(() => api.close());

  test('one address gets at most maxPerAddress sockets at once, on both websocket doors', async () => {
    const { token } = await api.api.auth.createToken('reader', 'flood');
    const open: IoClient[] = [];
    for (let i = 0; i < 4; i++) {
      const s = api.socket({ token });
      await connected(s);
      open.push(s);
    }
    const fifth = api.socket({ token });
    assert.match((await refused(fifth)).message, /too many connections|Forbidden|websocket error/i);
    // the tRPC websocket is counted too
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${api.port}/trpc`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    assert.equal(status, 429);
    open.pop()!.disconnect();
    await waitForEvent<void>((l) => {
      const t = setInterval(() => api.limiter.openCount('127.0.0.1') < 4 && l(), 10);
      return () => clearInterval(t);
    });
    const again = api.socket({ token });
    await connected(again);
    assert.ok(api.limiter.refused >= 2);
    for (const s of [...open, again]) s.disconnect();
    assert.equal((await fetch(`${api.url}/health`)).status, 200);
  });

  test('a burst of new connections is cut off after maxNew per window', async () => {
    const burst = await startTestApi({
      extra: { limits: { maxPerAddress: 100, maxNew: 3, windowMs: 60_000 } },
    });
    try {
      const { token } = await burst.api.auth.createToken('reader', 'burst');
      for (let i = 0; i < 3; i++) {
        const s = burst.socket({ token });
        await connected(s);
        s.disconnect();
      }
      await refused(burst.socket({ token }));
    } finally {
      await burst.close();
    }
  });
});
