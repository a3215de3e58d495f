// users.list over real HTTP: the users of a real user list file with their permission bits, a
// login needed, the list read again after a reload, and a server without a user list.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { UserList } from '../../users/index.js';

function code(err: unknown): string | undefined {
  return err instanceof TRPCClientError
    ? (err.data as { code?: string } | undefined)?.code
    : undefined;
}

describe('users.list', () => {
  let api: TestApi;
  let list: UserList;
  const dir = tempDir('paraweb-users-router-');
  const file = path.join(dir, 'server.users');
  let keyFile: string;

  before(async () => {
    const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyFile = path.join(dir, 'key.pem');
    fs.writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    // the test api's logins: admin (every bit), reader (AFS_READ, VSS_READ), nobody (none)
    fs.writeFileSync(
      file,
      [
        `user reader ${keyFile} AFS_READ,VSS_READ`,
        `user admin ${keyFile} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE`,
        `user nobody ${keyFile}`,
      ].join('\n'),
    );
    list = new UserList(file, { warn: () => {}, info: () => {} });
    assert.equal(await list.load(), 3);
    api = await startTestApi();
    api.services.users = list;
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a logged-in user gets every user, sorted, with bits and the caller marked', async () => {
    const client = api.client({ cookie: await api.login('nobody') });
    try {
      const { users } = await client.trpc.users.list.query();
      assert.deepEqual(users, [
        {
          name: 'admin',
          perms: 15,
          permissions: 'AFS_READ | AFS_WRITE | VSS_READ | VSS_WRITE',
          you: false,
        },
        { name: 'nobody', perms: 0, permissions: '(none)', you: true },
        { name: 'reader', perms: 5, permissions: 'AFS_READ | VSS_READ', you: false },
      ]);
    } finally {
      client.close();
    }
  });

  test('without a login: 401, and the list is not given away', async () => {
    const res = await fetch(`${api.url}/trpc/users.list`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error?: { message: string }; result?: unknown };
    assert.equal(body.error?.message, 'login required');
    assert.equal(body.result, undefined);
  });

  test('a reloaded list is what the next call shows', async () => {
    const client = api.client({ cookie: await api.login('admin') });
    try {
      fs.writeFileSync(file, `user admin ${keyFile} VSS_READ\nuser carol ${keyFile} AFS_READ\n`);
      await list.load();
      const { users } = await client.trpc.users.list.query();
      assert.deepEqual(
        users.map((u) => [u.name, u.permissions, u.you]),
        [
          ['admin', 'VSS_READ', true],
          ['carol', 'AFS_READ', false],
        ],
      );
    } finally {
      client.close();
    }
  });

  test('a server without a user list says so (NOT_IMPLEMENTED), it does not crash', async () => {
    const client = api.client({ cookie: await api.login('admin') });
    const saved = api.services.users;
    try {
      delete api.services.users;
      await assert.rejects(client.trpc.users.list.query(), (err) => {
        assert.equal(code(err), 'NOT_IMPLEMENTED');
        assert.match(String(err), /no user list/);
        return true;
      });
    } finally {
      api.services.users = saved;
      client.close();
    }
  });
});
