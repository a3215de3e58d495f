// Passwords, sessions and tokens in the database, on SQLite and PostgreSQL: only hashes are
// stored, expiry and revocation work, and the user list decides who exists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DB_KINDS, freshDatabase } from '../../test/db.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { digest } from './secrets.js';
import { WebAuth } from './store.js';

test('scrypt hashes: salted, self-describing, constant-time checked, malformed never matches', async () => {
  const a = await hashPassword('secret words', { N: 1024, r: 8, p: 1 });
  const b = await hashPassword('secret words', { N: 1024, r: 8, p: 1 });
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPassword('secret words', a), true);
  assert.equal(await verifyPassword('secret word', a), false);
  // the same password in another Unicode normal form is the same password
  const nfd = await hashPassword('Ünïcode pass'.normalize('NFD'), { N: 1024, r: 8, p: 1 });
  assert.equal(await verifyPassword('Ünïcode pass'.normalize('NFC'), nfd), true);
  for (const bad of [
    '',
    'scrypt$x',
    'bcrypt$1$2$3$4$5',
    'scrypt$0$8$1$AA==$AA==',
    'scrypt$1024$8$1$AA==$',
  ])
    assert.equal(await verifyPassword('secret words', bad), false, bad);
});

for (const kind of DB_KINDS) {
  describe(`web logins on ${kind}`, () => {
    test('passwords, sessions, expiry, tokens and revocation', async () => {
      const tdb = await freshDatabase(kind);
      const users = new Map([
        ['ann', { name: 'ann', perms: 15 }],
        ['bob', { name: 'bob', perms: 1 }],
      ]);
      const auth = new WebAuth(tdb.db, users, 60_000);
      try {
        await assert.rejects(auth.setPassword('ann', 'short'), /too short/);
        await auth.setPassword('ann', 'a long password');
        const stored = await tdb.db.prisma.webPassword.findUnique({ where: { user: 'ann' } });
        assert.ok(stored && !stored.hash.includes('a long password'));

        assert.equal(await auth.login('ann', 'wrong password'), undefined);
        assert.equal(await auth.login('bob', 'a long password'), undefined, 'bob has no password');
        const s = await auth.login('ann', 'a long password');
        assert.ok(s);
        assert.ok(Math.abs(s.expiresAt.getTime() - Date.now() - 60_000) < 5_000);
        // only the digest is stored
        const row = await tdb.db.prisma.webSession.findFirst();
        assert.equal(row?.id, digest(s.secret));
        const p = await auth.session(s.secret);
        assert.ok(typeof p === 'object');
        assert.deepEqual([p.user, p.perms, p.via], ['ann', 15, 'session']);
        assert.equal(await auth.session('forged'), 'invalid');

        // expiry
        await tdb.db.prisma.webSession.updateMany({
          data: { expiresAt: new Date(Date.now() - 1) },
        });
        assert.equal(await auth.session(s.secret), 'expired');
        assert.equal(await auth.session(s.secret), 'invalid', 'an expired session is deleted');

        // a new password ends all sessions
        const s2 = (await auth.login('ann', 'a long password'))!;
        await auth.setPassword('ann', 'another password');
        assert.equal(await auth.session(s2.secret), 'invalid');

        // tokens
        const t = await auth.createToken('bob', 'backup job');
        assert.match(t.token, /^pwt_[A-Za-z0-9_-]{43}$/);
        const tp = await auth.token(t.token);
        assert.ok(
          typeof tp === 'object' && tp.user === 'bob' && tp.via === 'token' && tp.perms === 1,
        );
        const listed = await auth.listTokens('bob');
        assert.equal(listed.length, 1);
        assert.equal(listed[0]!.label, 'backup job');
        assert.ok(listed[0]!.lastUsedAt instanceof Date);
        assert.equal(await auth.revokeToken(t.id, 'ann'), false, "not ann's token");
        assert.equal(await auth.revokeToken(t.id), true);
        assert.equal(await auth.token(t.token), 'invalid');
        assert.equal(await auth.token('not-a-token'), 'invalid');

        // the user list decides: a removed user's credentials stop working
        const s3 = (await auth.login('ann', 'another password'))!;
        users.delete('ann');
        assert.equal(await auth.session(s3.secret), 'invalid');
        assert.equal(await auth.login('ann', 'another password'), undefined);

        // purge
        await tdb.db.prisma.webSession.updateMany({
          data: { expiresAt: new Date(Date.now() - 1) },
        });
        assert.ok((await auth.purgeExpired()) >= 1);
        assert.equal(await tdb.db.prisma.webSession.count(), 0);
      } finally {
        await tdb.drop();
      }
    });
  });
}
