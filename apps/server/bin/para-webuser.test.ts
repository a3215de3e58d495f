// para_webuser: web passwords and API tokens of user-list users, in the server's database.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../src/db/index.js';
import { WebAuth } from '../src/web-auth/index.js';
import { tempDir } from '../test/db.js';
import { run, runToSlowReader } from '../test/spawn.js';

const WEBUSER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'para-webuser.js');

describe('para_webuser', () => {
  const dir = tempDir('paraweb-webuser-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  fs.writeFileSync(path.join(dir, 'alice.pub'), key.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(
    path.join(dir, 'server.users'),
    `user alice ${path.join(dir, 'alice.pub')} AFS_READ,VSS_READ\n`,
  );
  const opts = [
    '--afs-database-dir',
    path.join(dir, 'db'),
    '--user-list',
    path.join(dir, 'server.users'),
  ];

  test('sets passwords, makes, lists and revokes tokens, ends sessions', async () => {
    let r = await run(WEBUSER, [...opts, 'users']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'alice\tAFS_READ | VSS_READ\tno password\n');

    r = await run(WEBUSER, [...opts, 'passwd', 'alice'], 'short\n');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /password too short/);
    r = await run(WEBUSER, [...opts, 'passwd', 'alice'], 'a long web password\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match((await run(WEBUSER, [...opts, 'users'])).stdout, /\tpassword\n$/);

    r = await run(WEBUSER, [...opts, 'passwd', 'mallory'], 'a long web password\n');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /mallory is not in the user list/);

    r = await run(WEBUSER, [...opts, 'token', 'alice', 'nightly', 'sync']);
    assert.equal(r.code, 0, r.stderr);
    const token = r.stdout.trim();
    assert.match(token, /^pwt_[A-Za-z0-9_-]{43}$/);
    assert.match(r.stderr, /shown once/);
    r = await run(WEBUSER, [...opts, 'tokens']);
    assert.match(r.stdout, /^1\talice\tnightly sync\t\S+\tnever used\n$/);
    assert.ok(!r.stdout.includes(token));

    const db = await openDatabase(`file:${path.join(dir, 'db', 'paraweb.db')}`);
    const users = new Map([['alice', { name: 'alice', perms: 5 }]]);
    const auth = new WebAuth(db, users);
    try {
      assert.equal(await auth.checkPassword('alice', 'a long web password'), true);
      assert.equal(typeof (await auth.token(token)), 'object');
      const s = (await auth.login('alice', 'a long web password'))!;
      r = await run(WEBUSER, [...opts, 'logout', 'alice']);
      assert.equal(r.stdout, '1 session(s) of alice ended\n');
      assert.equal(await auth.session(s.secret), 'invalid');
      assert.equal((await run(WEBUSER, [...opts, 'rmtoken', '1'])).code, 0);
      assert.equal(await auth.token(token), 'invalid');
      assert.equal((await run(WEBUSER, [...opts, 'rmtoken', '1'])).code, 1);
      assert.equal((await run(WEBUSER, [...opts, 'rmpasswd', 'alice'])).code, 0);
      assert.equal(await auth.checkPassword('alice', 'a long web password'), false);
    } finally {
      await db.close();
    }
    r = await run(WEBUSER, [...opts, 'frobnicate']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown command frobnicate/);
    assert.equal((await run(WEBUSER, [])).code, 2);
  });

  test('a long listing to a slow reader arrives whole', { timeout: 60_000 }, async () => {
    const list = path.join(dir, 'many.users');
    const pub = path.join(dir, 'alice.pub');
    const names = Array.from({ length: 5000 }, (_, i) => `user${String(i).padStart(4, '0')}`);
    fs.writeFileSync(list, names.map((n) => `user ${n} ${pub} AFS_READ\n`).join(''));
    const args = [...opts, '--user-list', list, 'users'];
    const start = Date.now();
    assert.equal((await run(WEBUSER, args)).code, 0);
    const r = await runToSlowReader(WEBUSER, args, 3 * (Date.now() - start) + 2000);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 5000);
    assert.equal(lines.at(-1), 'user4999\tAFS_READ\tno password');
  });
});
