// The listeners' request door over real sockets: whether requests are open; search shows only
// requestable files (with their covers) and never a path; a request needs a fresh token and is
// answered with its start from the exact durations before it; replays, forgeries, floods and huge
// or bad bodies are refused clearly and queue nothing; everything is 404 while the station is off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import type { Services } from '../../commands/index.js';
import { readImageFile } from '../../commands/index.js';
import { RequestQueue } from '../../requests/index.js';
import { registerRequestRoutes } from './requests.js';

describe('public request door', () => {
  let h: Harness;
  let lib: string;
  let app: FastifyInstance;
  let base: string;
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-req-door-');
    for (const f of ['cbr128.mp3', 'id3v1.mp3', 'vbr.mp3'])
      fs.copyFileSync(fixture(f), path.join(lib, f));
    await h.run(['add', lib]);
    await h.run(['addatt', 'requestable']);
    await h.run([
      'setatt',
      'requestable+',
      path.join(lib, 'cbr128.mp3'),
      path.join(lib, 'id3v1.mp3'),
    ]);
    h.services.requests = await RequestQueue.open(h.tdb.db, h.afs, {
      attribute: 'requestable',
      autoApprove: true,
      intervalMin: 10,
      repeatMin: 60,
      maxPending: 5,
    });
    app = Fastify();
    registerRequestRoutes(app, () => h.services, { perMinute: 20 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  after(async () => {
    await app.close();
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  const token = async (): Promise<string> =>
    ((await (await fetch(`${base}/api/requests/token`)).json()) as { token: string }).token;
  const post = (body: unknown): Promise<Response> =>
    fetch(`${base}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const imageBytes = async (id: number): Promise<Buffer> => {
    const parts: Uint8Array[] = [];
    for await (const p of (await readImageFile(h.afs, id))!.pieces) parts.push(p);
    return Buffer.concat(parts);
  };
  const idOf = (f: string): number => h.afs.files.getByPath(path.join(lib, f))!.id;

  test('status: open, with the rules a listener is told', async () => {
    const r = await fetch(`${base}/api/requests`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), {
      enabled: true,
      closed: false,
      autoApprove: true,
      rules: { intervalMin: 10, repeatMin: 60, maxPending: 5 },
      waiting: 0,
    });
    // no requestable file left: closed at once (the kept answer is forgotten on the change)
    const both = [path.join(lib, 'cbr128.mp3'), path.join(lib, 'id3v1.mp3')];
    await h.run(['setatt', 'requestable-', ...both]);
    const none = (await (await fetch(`${base}/api/requests`)).json()) as { enabled: boolean };
    assert.equal(none.enabled, false);
    await h.run(['setatt', 'requestable+', ...both]);
  });

  test('search: requestable files only, with covers, and only what a listener may see', async () => {
    const r = await fetch(`${base}/api/requests/search?q=test`);
    assert.equal(r.status, 200);
    const { files } = (await r.json()) as { files: Record<string, unknown>[] };
    assert.ok(files.length >= 1);
    for (const f of files) {
      assert.deepEqual(Object.keys(f).sort(), [
        'album',
        'artist',
        'cover',
        'durationMs',
        'id',
        'title',
      ]);
      assert.notEqual(f.id, idOf('vbr.mp3'));
      assert.ok(!JSON.stringify(f).includes(lib));
    }
    const cbr = files.find((f) => f.id === idOf('cbr128.mp3'));
    assert.equal(cbr?.cover, `/api/requests/cover/${idOf('cbr128.mp3')}`);
    const cover = await fetch(`${base}${String(cbr.cover)}`);
    assert.equal(cover.status, 200);
    assert.equal(cover.headers.get('content-type'), 'image/jpeg');
    const stored = h.afs.files.getByPath(path.join(lib, 'cbr128.mp3'))!.imageId;
    assert.ok(Buffer.from(await cover.arrayBuffer()).equals(await imageBytes(stored)));
    // the same picture on a file that is not requestable: not served
    await h.run(['touch', '-i', String(stored), path.join(lib, 'vbr.mp3')]);
    assert.equal((await fetch(`${base}/api/requests/cover/${idOf('vbr.mp3')}`)).status, 404);
    assert.equal((await fetch(`${base}/api/requests/cover/..%2Fx`)).status, 404);
    const long = await fetch(`${base}/api/requests/search?q=${'x'.repeat(101)}`);
    assert.equal(long.status, 400);
  });

  test('a request with a fresh token is queued; its replay is refused and queues nothing', async () => {
    // an operator's request first: the listener's plays after it, by its exact duration
    await h.run(['request', 'add', path.join(lib, 'vbr.mp3')]);
    const ahead = h.afs.files.getByPath(path.join(lib, 'vbr.mp3'))!.durationMs;
    assert.ok(ahead > 0);
    const t = await token();
    const body = { fileId: idOf('cbr128.mp3'), token: t, listener: 'listener-one' };
    const before = Date.now();
    const ok = await post(body);
    assert.equal(ok.status, 200);
    const out = (await ok.json()) as { status: string; playsAt: number };
    assert.equal(out.status, 'queued');
    // no stream here: the current file "ends" now
    assert.ok(
      out.playsAt >= before + ahead && out.playsAt <= Date.now() + ahead,
      JSON.stringify(out),
    );
    const replay = await post(body);
    assert.equal(replay.status, 409);
    assert.deepEqual(await replay.json(), { error: 'this request was sent already' });
    assert.equal(h.services.requests!.waiting().length, 2);
  });

  test('rules, forged tokens, bad and huge bodies: a clear refusal, nothing queued', async () => {
    const same = await post({
      fileId: idOf('id3v1.mp3'),
      token: await token(),
      listener: 'listener-one',
    });
    assert.equal(same.status, 403);
    assert.match(
      ((await same.json()) as { error: string }).error,
      /one request per 10 minutes from you/,
    );
    const notReq = await post({
      fileId: idOf('vbr.mp3'),
      token: await token(),
      listener: 'listener-two',
    });
    assert.equal(notReq.status, 403);
    assert.deepEqual(await notReq.json(), { error: 'this file cannot be requested' });
    const forged = await post({
      fileId: idOf('id3v1.mp3'),
      token: 'a.9999999999999.b',
      listener: 'listener-two',
    });
    assert.equal(forged.status, 409);
    assert.deepEqual(await forged.json(), { error: 'invalid token' });
    const bad = await post({ fileId: 'x', token: '', listener: '!' });
    assert.equal(bad.status, 400);
    const huge = await post(
      JSON.stringify({ fileId: 1, token: 'x'.repeat(5000), listener: 'abcdefgh' }),
    );
    assert.equal(huge.status, 413);
    assert.equal(h.services.requests!.waiting().length, 2);
  });

  test('a request mood: the files it admits are requestable too', async () => {
    const withMood = await RequestQueue.open(h.tdb.db, h.afs, {
      ...h.services.requests!.opts,
      mood: 'asked',
    });
    const vbr = h.afs.files.getByPath(path.join(lib, 'vbr.mp3'))!;
    assert.equal(withMood.requestable(vbr), false);
    // a mood that does not exist admits nothing
    assert.deepEqual((await withMood.search('test', 50)).map((f) => f.id).includes(vbr.id), false);
    await h.run(['addmood', 'asked'], { data: new TextEncoder().encode('path =~ /vbr/\n') });
    await withMood.refreshMood(0);
    assert.equal(withMood.requestable(vbr), true);
    assert.equal(withMood.requestable(h.afs.files.getByPath(path.join(lib, 'id3v1.mp3'))!), true);
    assert.equal(h.services.requests!.requestable(vbr), false);
    await h.run(['rmmood', 'asked']);
  });

  test('while the public station is off, every route answers 404', async () => {
    const station = { store: { get: () => ({ publicOn: false }) } };
    h.services.station = station as unknown as Services['station'];
    try {
      const q = await fetch(`${base}/api/requests`);
      assert.equal(q.status, 404);
      assert.deepEqual(await q.json(), { error: 'requests are not available' });
    } finally {
      delete h.services.station;
    }
  });

  test('a flood from one address gets 429 and queues nothing', async () => {
    let limited = 0;
    for (let i = 0; i < 15; i++)
      if ((await fetch(`${base}/api/requests/token`)).status === 429) limited++;
    assert.ok(limited > 0, 'some calls were refused');
    const r = await post({ fileId: idOf('id3v1.mp3'), token: 'x', listener: 'listener-three' });
    assert.equal(r.status, 429);
    assert.match(
      ((await r.json()) as { error: string }).error,
      /too many requests from your address/,
    );
    assert.equal(h.services.requests!.waiting().length, 2);
  });
});
