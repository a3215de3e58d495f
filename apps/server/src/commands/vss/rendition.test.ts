// The rendition command through the command port (real client, RSA handshake) and tRPC (real
// HTTP): make for a playlist with progress, ls, status, rm, the AFS_WRITE check, bad input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { loudnessInto, RenditionStore } from '../../renditions/index.js';
import { MP3, tone } from '../../renditions/test-util.js';
import {
  collect,
  nodeKeys,
  startTestServer,
  type TestServer,
} from '../../transports/tcp/test-util.js';

const dir = tempDir('paraweb-rendition-');
let tcp: TestServer;
let api: TestApi;
let keys: ReturnType<typeof nodeKeys>;
let readerKeys: ReturnType<typeof nodeKeys>;

before(async () => {
  keys = nodeKeys(dir, 'alice');
  readerKeys = nodeKeys(dir, 'bob');
  tcp = await startTestServer([
    `user alice ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE`,
    `user bob ${readerKeys.pub} AFS_READ,VSS_READ`,
  ]);
  api = await startTestApi();
  for (const [i, name] of ['a.flac', 'b.ogg'].entries()) tone(dir, name, 1 + i * 0.5);
});
after(async () => {
  await tcp.close();
  await api.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rendition make p/<playlist> renders its files through the command port; ls, status, rm', async () => {
  const services = tcp.h.services;
  services.renditions = new RenditionStore({
    dir: path.join(dir, 'cache-tcp'),
    profiles: [MP3],
    onLoudness: loudnessInto(services.afs),
  });
  const alice = tcp.client('alice', keys.key);
  const add = await collect(alice, ['add', path.join(dir, 'a.flac'), path.join(dir, 'b.ogg')]);
  assert.ok(add.success, add.logs.map((l) => l.text).join(''));
  await collect(
    alice,
    ['addpl', 'two'],
    Buffer.from(`${path.join(dir, 'a.flac')}\n${path.join(dir, 'b.ogg')}\n`),
  );

  const make = await collect(alice, ['rendition', 'make', 'p/two']);
  assert.ok(make.success, make.logs.map((l) => l.text).join(''));
  // progress while it runs, then the summary
  assert.match(
    make.out.toString(),
    /^0\/2 done, 0 failed\n1\/2 done, 0 failed\n2\/2 done, 0 failed\n/,
  );
  assert.ok(
    make.out.toString().endsWith('p/two: 2 renditions, 2 made, 0 cached before, 0 failed\n'),
  );

  const again = await collect(alice, ['rendition', 'make', 'p/two']);
  assert.ok(
    again.out.toString().endsWith('p/two: 2 renditions, 0 made, 2 cached before, 0 failed\n'),
  );

  const ls = (await collect(alice, ['rendition', 'ls'])).out.toString();
  assert.equal(ls.trim().split('\n').length, 2, ls);
  assert.match(ls, /\tmp3\t[\d.]+ MB\t-?\d+\.\d LUFS\t.*a\.flac\n/);
  // the measured loudness is stored with the file (afsi) and shown by ls -l=v
  const row = services.afs.files.getByPath(path.join(dir, 'a.flac'));
  assert.ok(
    row?.loudness !== null && row!.loudness < -5 && row!.loudness > -20,
    String(row?.loudness),
  );
  const lsv = (await collect(alice, ['ls', '-l=v', path.join(dir, 'a.flac')])).out.toString();
  assert.match(lsv, new RegExp(`loudness: ${row!.loudness.toFixed(1)} LUFS`));

  const status = (await collect(readerFor(), ['rendition', 'status'])).out.toString();
  assert.match(status, /^jobs: 0 running, 0 queued \(at most 1 at once\)\ncache: 2 entries, /);

  // bob may look, not make or drop
  const denied = await collect(readerFor(), ['rendition', 'rm', '*']);
  assert.equal(denied.success, false);
  assert.ok(
    denied.logs.some((l) => /rendition rm needs AFS_WRITE/.test(l.text)),
    JSON.stringify(denied.logs),
  );
  assert.equal((await services.renditions.entries()).length, 2);

  const rm = await collect(alice, ['rendition', 'rm', '*/b.ogg']);
  assert.match(rm.out.toString(), /^1 removed\n/);
  assert.equal((await services.renditions.entries()).length, 1);

  const bad = await collect(alice, ['rendition', 'frobnicate']);
  assert.equal(bad.success, false);
  assert.ok(
    bad.logs.some((l) => /make, ls, rm, status or cancel/.test(l.text)),
    JSON.stringify(bad.logs),
  );
  const noMood = await collect(alice, ['rendition', 'make', 'm/nonesuch']);
  assert.equal(noMood.success, false);
  assert.ok(noMood.logs.some((l) => /no such mood: nonesuch/.test(l.text)));
  services.renditions.close();
});

function readerFor(): ReturnType<TestServer['client']> {
  return tcp.client('bob', readerKeys.key);
}

test('rendition through tRPC: make for all files, status with the queue and cache, cancel', async () => {
  api.services.renditions = new RenditionStore({
    dir: path.join(dir, 'cache-trpc'),
    profiles: [MP3],
  });
  const admin = api.client({ cookie: await api.login('admin') });
  const reader = api.client({ cookie: await api.login('reader') });
  try {
    await admin.trpc.afs.add.mutate({ args: [path.join(dir, 'a.flac'), path.join(dir, 'b.ogg')] });
    const made = await admin.trpc.vss.rendition.mutate({ args: ['make'] });
    assert.equal(made.output.sub, 'make');
    assert.match(made.text, /^dummy: 2 renditions, /);
    const st = await reader.trpc.vss.rendition.mutate({ args: ['status'] });
    assert.ok(
      st.output.sub === 'status' && st.output.status.cache.entries === 2,
      JSON.stringify(st.output),
    );
    assert.equal(
      (await admin.trpc.vss.rendition.mutate({ args: ['cancel'] })).text,
      'no rendition make running\n',
    );
    await assert.rejects(reader.trpc.vss.rendition.mutate({ args: ['make'] }), /needs AFS_WRITE/);
    await assert.rejects(
      admin.trpc.vss.rendition.mutate({ args: [] }),
      /make, ls, rm, status or cancel/,
    );
  } finally {
    admin.close();
    reader.close();
    api.services.renditions.close();
  }
});
