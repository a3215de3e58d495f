// The command table as tRPC procedures over real HTTP: typed query, mutation and upload, the
// paraslash text rendering, validation messages that name the field, and the permission bits of
// every generated procedure.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { TRPCClientError } from '@trpc/client';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  startTestApi,
  USERS,
  type Client,
  type TestApi,
  type TestUser,
} from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import { CSRF_HEADER } from '../../web-auth/index.js';
import { groupOf, legacyGroupOf } from './groups.js';
import type { AppRouter } from './router.js';

// ---- compile-time: the router's types come from the command table ----
type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;
export const typed: [
  In['afs']['ls'],
  In['afs']['addimg'],
  Out['afs']['ls']['output']['files'][number]['file']['attributes'],
] = [
  { args: ['/x'], listingMode: 'l', sort: 'path' },
  { args: ['cover'], data: 'AAA=' },
  '0', // bigint attribute masks travel as decimal strings
];
// @ts-expect-error unknown options are type errors
export const badOption: In['afs']['ls'] = { args: [], bogus: 1 };
// @ts-expect-error commands of commands/server are not in the afs group
export const wrongGroup: In['afs']['stat'] = {};
export const helpText: Out['server']['help']['text'] = '';
// stat lives in commands/server; its path in 0.1.0 (vss.stat) stays as an alias for one release
export const statInputs: [In['server']['stat'], In['vss']['stat']] = [{ num: 1 }, { num: 1 }];
// @ts-expect-error only moved commands have an alias: play was and is vss.play
export const noAlias: In['server']['play'] = {};

function code(err: unknown): string | undefined {
  return err instanceof TRPCClientError
    ? (err.data as { code?: string } | undefined)?.code
    : undefined;
}

describe('generated command procedures', () => {
  let api: TestApi;
  let admin: Client;
  let reader: Client;
  let closeClients: () => void;
  const dir = tempDir('paraweb-api-');
  const song = path.join(dir, 'song.mp3');

  before(async () => {
    api = await startTestApi();
    const a = api.client({ cookie: await api.login('admin') });
    const r = api.client({ cookie: await api.login('reader') });
    admin = a.trpc;
    reader = r.trpc;
    closeClients = () => (a.close(), r.close());
    fs.copyFileSync(fixture('id3v24.mp3'), song);
  });
  after(async () => {
    closeClients();
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a mutation (afs.add) and a query (afs.ls) with typed results and paraslash text', async () => {
    const added = await admin.afs.add.mutate({ args: [dir], verbose: true });
    assert.equal(added.output.added, 1);
    assert.match(added.text, /adding .*song\.mp3 \(mp3\)\n/);
    assert.match(added.text, /1 files scanned: 1 added/);
    assert.equal(added.failure, null);
    // a file add cannot take: the reply says so in `failure`
    const junk = path.join(dir, 'junk.mp3');
    fs.writeFileSync(junk, 'not audio');
    const refused = await admin.afs.add.mutate({ args: [junk] });
    assert.match(refused.failure ?? '', /^add: 1 file not added: .*junk\.mp3: /);
    fs.rmSync(junk);

    const ls = await admin.afs.ls.query({ args: [song], listingMode: 'v' });
    assert.equal(ls.output.files.length, 1);
    const file = ls.output.files[0]!.file;
    assert.equal(file.path, song);
    assert.equal(file.attributes, '0');
    assert.match(ls.text, /^path: .*song\.mp3$/m);
    // the reader may list (AFS_READ) what the admin added
    const short = await reader.afs.ls.query({ args: [song] });
    assert.equal(short.text, 'song.mp3\n');
  });

  test('attributes (afs.addatt, afs.setatt) and the help of the server group', async () => {
    const r = await admin.afs.addatt.mutate({ args: ['rock', 'jazz'] });
    assert.deepEqual(r.output.added, [
      { name: 'rock', bit: 0 },
      { name: 'jazz', bit: 1 },
    ]);
    await admin.afs.setatt.mutate({ args: ['jazz+', song] });
    const ls = await admin.afs.ls.query({ args: [song], listingMode: 'l' });
    assert.equal(ls.output.files[0]!.file.attributes, '2');
    const help = await reader.server.help.query({ args: [] });
    assert.ok(help.output.commands.some((c) => c.name === 'ls'));
    assert.match(help.text, /^ls\s+a---\s+list audio files$/m);
  });

  test('an upload (afs.addimg, base64) comes back byte for byte (afs.catimg)', async () => {
    const bytes = fs.readFileSync(fixture('picture.png'));
    await admin.afs.addimg.mutate({ args: ['cover'], data: bytes.toString('base64') });
    const cat = await reader.afs.catimg.query({ args: ['cover'] });
    assert.deepEqual(Buffer.from(cat.output.blobs[0]!.data, 'base64'), bytes);
    const ls = await reader.afs.lsimg.query({ args: [], long: true });
    assert.match(ls.text, /^\d+\tcover$/m);
  });

  test('previewmood takes its mood text in the input', async () => {
    const r = await reader.afs.previewmood.query({ text: 'is_set("jazz")\n', fullPath: true });
    assert.equal(r.output.admissible, 1);
    assert.match(r.text, /^1 admissible file\n1\t-?\d+\t.*song\.mp3\n$/);
  });

  test('bad input is refused by the command schema with a message naming the field', async () => {
    await assert.rejects(
      admin.afs.ls.query({ args: [], sort: 'bogus' as 'path' }),
      (err: unknown) =>
        code(err) === 'BAD_REQUEST' &&
        /^ls: sort: sort order must be one of/.test((err as Error).message),
    );
    await assert.rejects(
      admin.afs.add.mutate({ args: [] }),
      (err: unknown) =>
        code(err) === 'BAD_REQUEST' &&
        /^add: at least one path is needed/.test((err as Error).message),
    );
    await assert.rejects(
      admin.afs.addimg.mutate({ args: ['x'], data: 42 as unknown as string }),
      (err: unknown) =>
        code(err) === 'BAD_REQUEST' && /^addimg: data: /.test((err as Error).message),
    );
    await assert.rejects(
      admin.afs.rm.mutate({ args: ['/no/such/file'] }),
      (err: unknown) => code(err) === 'NOT_FOUND' && /no matches/.test((err as Error).message),
    );
  });

  test('paths follow the folder of the command; moved commands keep their old path', async () => {
    const paths = (g: string) =>
      api.commands
        .all()
        .filter((c) => groupOf(c.name) === g)
        .map((c) => c.name);
    assert.deepEqual(paths('server'), [
      'help',
      'hup',
      'si',
      'stat',
      'tasks',
      'term',
      'testhook',
      'version',
    ]);
    assert.deepEqual(paths('vss'), [
      'audience',
      'ff',
      'handover',
      'history',
      'jmp',
      'leader',
      'next',
      'nomore',
      'pause',
      'play',
      'rendition',
      'sender',
      'setstation',
      'station',
      'stop',
    ]);
    assert.ok(paths('afs').includes('ls') && paths('afs').includes('addimg'));
    const aliased = api.commands.all().filter((c) => legacyGroupOf(c) !== undefined);
    assert.deepEqual(
      aliased.map((c) => `${legacyGroupOf(c)}.${c.name}`),
      ['vss.hup', 'vss.stat', 'vss.term'],
    );
    // the new path and the alias run the same command
    const now = await reader.server.stat.query({ num: 1 });
    const old = await reader.vss.stat.query({ num: 1 });
    assert.match(now.text, /^status: /m);
    assert.equal(old.text, now.text);
    // the alias keeps the permission check: the reader lacks VSS_WRITE for hup
    await assert.rejects(reader.vss.hup.mutate({ args: [] }), /permission denied: hup needs/);
    await assert.rejects(reader.server.hup.mutate({ args: [] }), /permission denied: hup needs/);
    // no command is at a path that is neither its group nor its alias
    const res = await fetch(`${api.url}/trpc/afs.stat?input=${encodeURIComponent('{}')}`, {
      headers: { cookie: await api.login('reader') },
    });
    assert.equal(res.status, 404);
    // without num, stat answers with one dump here (a request cannot take a stream of them),
    // as a plain GET and on both paths
    for (const p of ['server.stat', 'vss.stat']) {
      const got = await fetch(`${api.url}/trpc/${p}`, {
        headers: { cookie: await api.login('reader') },
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(got.status, 200, p);
      const body = (await got.json()) as { result: { data: { text: string } } };
      assert.match(body.result.data.text, /^status: /m);
    }
    assert.match((await reader.server.stat.query({})).text, /^status: /m);
  });

  test('without a login every command procedure answers 401', async () => {
    const res = await fetch(`${api.url}/trpc/afs.ls?input=${encodeURIComponent('{"args":[]}')}`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'login required');
  });

  test('every generated procedure refuses users without its permission bits (403)', async () => {
    const cookies: Partial<Record<TestUser, string>> = {
      reader: await api.login('reader'),
      nobody: await api.login('nobody'),
    };
    let denied = 0;
    for (const cmd of api.commands.all()) {
      for (const user of ['reader', 'nobody'] as const) {
        if ((USERS[user] & cmd.perms) === cmd.perms) continue;
        const p = `${groupOf(cmd.name)}.${cmd.name}`;
        const input = encodeURIComponent(JSON.stringify({ args: [] }));
        const res =
          cmd.kind === 'query'
            ? await fetch(`${api.url}/trpc/${p}?input=${input}`, {
                headers: { cookie: cookies[user]! },
              })
            : await fetch(`${api.url}/trpc/${p}`, {
                method: 'POST',
                headers: {
                  cookie: cookies[user]!,
                  'content-type': 'application/json',
                  [CSRF_HEADER]: '1',
                },
                body: JSON.stringify({ args: [] }),
              });
        const body = (await res.json()) as { error?: { message: string } };
        assert.equal(res.status, 403, `${user} ${p}: ${res.status}`);
        assert.match(body.error?.message ?? '', new RegExp(`permission denied: ${cmd.name} needs`));
        denied++;
      }
    }
    // the reader lacks AFS_WRITE and VSS_WRITE: at least every mutation of the afs group
    assert.ok(denied > 20, `only ${denied} denials`);
  });
});
