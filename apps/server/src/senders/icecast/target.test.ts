// Icecast target URLs: what --icecast-target and `sender icecast add|delete` accept, and how the
// status shows a target (never with its password).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../config.js';
import { ParaError } from '../../errors.js';
import { IcecastSender } from './sender.js';
import { formatIcecastTarget, parseCredentials, parseIcecastTarget, sameMount } from './target.js';

function parsed(arg: string): ReturnType<typeof parseIcecastTarget> & { ok: true } {
  const r = parseIcecastTarget(arg);
  assert.ok(r.ok, `${arg}: ${r.ok ? '' : r.error}`);
  return r;
}

test('icecast:// and http:// URLs with user, password, port and mount', () => {
  assert.deepEqual(parsed('icecast://source:hack%40me@127.0.0.1:8010/live.mp3').target, {
    host: '127.0.0.1',
    port: 8010,
    mount: '/live.mp3',
    user: 'source',
    password: 'hack@me',
  });
  const t = parsed('http://dj:pw@relay.example.net/a/b.ogg').target;
  assert.deepEqual([t.user, t.password, t.port, t.mount], ['dj', 'pw', 8000, '/a/b.ogg']);
  // one credential is the password of the user "source"
  const p = parsed('icecast://secret@[::1]:9000/x').target;
  assert.deepEqual([p.user, p.password, p.host, p.port], ['source', 'secret', '::1', 9000]);
  assert.equal(formatIcecastTarget(p), 'icecast://source:***@[::1]:9000/x');
  assert.ok(!formatIcecastTarget(t).includes('pw'));
});

test('?from=live.<codec> makes a target carry a live mount; any other query is refused', () => {
  const t = parsed('icecast://pw@relay.example.net/radio.mp3?from=live.mp3').target;
  assert.equal(t.from, 'mp3');
  assert.equal(t.mount, '/radio.mp3');
  assert.equal(
    formatIcecastTarget(t),
    'icecast://source:***@relay.example.net:8000/radio.mp3?from=live.mp3',
  );
  assert.equal(parsed('icecast://pw@h/r.opus?from=live.opus').target.from, 'opus');
  for (const q of ['?from=live.flac', '?from=/live.mp3', '?x=1'])
    assert.match(parseIcecastTarget(`icecast://pw@h/r${q}`).ok ? '' : 'refused', /refused/, q);
});

test('malformed targets are refused with the reason', () => {
  const bad: [string, RegExp][] = [
    ['127.0.0.1:8000/live', /not a URL/],
    ['udp://source:pw@h/live', /scheme/],
    ['icecast://source:pw@h', /mount point is needed/],
    ['icecast://source:pw@h/', /mount point is needed/],
    ['icecast://h/live.mp3', /password is missing/],
    ['icecast://source:@h/live.mp3', /password is missing/],
    ['icecast://source:pw@h:99999/live', /not a URL/],
    ['icecast://source:pw@h:0/live', /bad port/],
    ['icecast://source:pw@h/live?x=1', /query/],
    ['icecast://source:pw@h/a%20b', /bad mount/],
  ];
  for (const [arg, why] of bad) {
    const r = parseIcecastTarget(arg);
    assert.ok(!r.ok, arg);
    assert.match(r.error, why, arg);
  }
});

test('delete matches host, port and mount, whatever the credentials', () => {
  const a = parsed('icecast://source:one@Host:8000/live').target;
  const b = parsed('icecast://other:two@host/live').target;
  const c = parsed('icecast://source:one@host/other').target;
  assert.ok(sameMount(a, b));
  assert.ok(!sameMount(a, c));
  assert.deepEqual(parseCredentials('admin:pw:x'), { user: 'admin', password: 'pw:x' });
  assert.equal(parseCredentials('admin'), undefined);
  assert.equal(parseCredentials(':pw'), undefined);
});

test('the sender names every bad --icecast-target at once; add/delete check their argument', async () => {
  assert.throws(
    () =>
      new IcecastSender({
        targets: ['nope', 'icecast://source:pw@h/a', 'icecast://x:y@h/a'],
        admin: 'nocolon',
      }),
    (err: unknown) =>
      err instanceof ParaError &&
      err.code === 'E_CONFIG' &&
      /--icecast-admin/.test(err.message) &&
      /--icecast-target nope/.test(err.message) &&
      /listed twice/.test(err.message),
  );
  const s = new IcecastSender({ targets: ['icecast://source:pw@127.0.0.1:8000/a'] });
  assert.equal(await s.command('add', ['not a url']), undefined, 'malformed: the help is shown');
  await assert.rejects(s.command('add', ['icecast://source:other@127.0.0.1:8000/a']), /already/);
  await assert.rejects(s.command('delete', ['icecast://127.0.0.1:8000/b']), /no such icecast/);
  assert.equal(await s.command('add', ['icecast://source:pw@127.0.0.1:8000/b']), '');
  assert.match(
    s.status(),
    /targets: icecast:\/\/source:\*\*\*@127.0.0.1:8000\/a icecast:\/\/source:\*\*\*@127.0.0.1:8000\/b\n/,
  );
  assert.equal(await s.command('delete', ['icecast://127.0.0.1:8000/a']), '');
  assert.match(s.status(), /targets: icecast:\/\/source:\*\*\*@127.0.0.1:8000\/b\n/);
  assert.ok(!s.status().includes('pw'));
});

test('the --icecast-* options reach the config; a malformed --icecast-admin is named', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-icecast-config-'));
  try {
    const file = path.join(dir, 'server.conf');
    fs.writeFileSync(file, 'icecast-target icecast://source:pw@127.0.0.1:8000/a.mp3\n');
    const base = ['-c', file, '--afs-database-dir', dir];
    const r = loadConfig(
      [...base, '--icecast-target', 'icecast://pw@h/b.ogg', '--icecast-admin', 'admin:x:y'],
      {},
    );
    assert.ok(r.ok && 'config' in r);
    assert.deepEqual(r.config.icecastTarget, ['icecast://pw@h/b.ogg']);
    assert.equal(r.config.icecastAdmin, 'admin:x:y');
    assert.equal(r.config.icecastName, 'paraweb');
    assert.equal(r.config.icecastPublic, false);
    assert.equal(r.config.icecastNoAutostart, false);
    const fromFile = loadConfig([...base, '--icecast-public', '--icecast-no-autostart'], {});
    assert.ok(fromFile.ok && 'config' in fromFile);
    assert.deepEqual(fromFile.config.icecastTarget, ['icecast://source:pw@127.0.0.1:8000/a.mp3']);
    assert.equal(fromFile.config.icecastPublic, true);
    assert.equal(fromFile.config.icecastNoAutostart, true);
    const bad = loadConfig([...base, '--icecast-admin', 'nopassword'], {});
    assert.ok(!bad.ok);
    assert.deepEqual(bad.errors, ['--icecast-admin: must be user:password']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
