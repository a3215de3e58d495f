// The user list file: parsing rules of docs/paraslash/protocol.md §4, skipped users, reloads.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { parseUserLines, UserList } from './user-list.js';

describe('user list', () => {
  const dir = tempDir('paraweb-users-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pubKey = (name: string, bits: number): string => {
    const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
    const file = path.join(dir, name);
    fs.writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
    return file;
  };

  test('lines: user name keyfile perms; everything else ignored', () => {
    const { lines, warnings } = parseUserLines(
      [
        '# comment',
        '',
        'user maan /k/maan.pub AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE',
        '\tuser  audiod\t/k/a.pub   VSS_READ  trailing words',
        'user noperms /k/n.pub',
        'user short',
        'users x /k/x.pub AFS_READ',
        'user odd /k/o.pub AFS_READ,BOGUS,,VSS_WRITE',
        'user five /k/f.pub AFS_READ,AFS_READ,AFS_READ,AFS_READ,VSS_WRITE',
        `user ${'x'.repeat(201)} /k/l.pub AFS_READ`,
        'user spaced /k/s.pub AFS_READ, AFS_WRITE',
      ].join('\n'),
    );
    assert.deepEqual(
      lines.map((l) => [l.name, l.keyFile, l.perms]),
      [
        ['maan', '/k/maan.pub', 15],
        ['audiod', '/k/a.pub', 4],
        ['noperms', '/k/n.pub', 0],
        ['odd', '/k/o.pub', 9],
        ['five', '/k/f.pub', 1], // only the first four tokens count
        ['spaced', '/k/s.pub', 1], // the fifth word is ignored
      ],
    );
    assert.equal(warnings.length, 3);
    assert.match(warnings.join('\n'), /line 6:/);
    assert.match(warnings.join('\n'), /unknown permission BOGUS/);
    assert.match(warnings.join('\n'), /longer than 200 bytes/);
  });

  test('loads keys; short, missing and broken keys skip the user; the last line of a name wins', async () => {
    const good = pubKey('good.pem', 2048);
    const small = pubKey('small.pem', 1024);
    const broken = path.join(dir, 'broken.pub');
    fs.writeFileSync(broken, 'ssh-rsa AAAAB3NzaC1yc2E= x\n');
    const file = path.join(dir, 'server.users');
    fs.writeFileSync(
      file,
      [
        `user alice ${good} AFS_READ`,
        `user alice ${good} VSS_READ`,
        `user small ${small} AFS_READ`,
        `user gone ${path.join(dir, 'nope.pub')} AFS_READ`,
        `user broken ${broken} AFS_READ`,
      ].join('\n'),
    );
    const warnings: string[] = [];
    const users = new UserList(file, { warn: (m) => warnings.push(m), info: () => {} });
    assert.equal(await users.load(), 1);
    assert.equal(users.get('alice')?.perms, 4);
    assert.equal(users.get('alice')?.keyBytes, 256);
    assert.equal(users.get('small'), undefined);
    assert.match(warnings.join('\n'), /small skipped: key too short \(1024 bits/);
    assert.match(warnings.join('\n'), /gone skipped/);
    assert.match(warnings.join('\n'), /broken skipped/);

    // a reload replaces the whole list; a missing file means nobody
    fs.writeFileSync(file, `user bob ${good} AFS_READ,AFS_WRITE\n`);
    await users.load();
    assert.deepEqual(users.names(), ['bob']);
    fs.rmSync(file);
    assert.equal(await users.load(), 0);
    assert.equal(users.get('bob'), undefined);
  });
});
