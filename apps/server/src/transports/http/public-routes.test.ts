// The public station's API over real HTTP, without a login: what /api/nowplaying publishes (and
// never: paths, moods, users, scores), the events pushed on a change, covers of the shown files
// only, byte ranges, and switching the station off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { PublicNowPlaying } from '../../station/index.js';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { fixture } from '../../../test/fixtures.js';
import { readEvents } from '../../../test/sse.js';

/** a file starting on the stream, as the status feed says it */
function playFile(api: TestApi, f: { path: string; title: string; imageId?: number }): void {
  const now = Date.now() / 1000;
  const timeval = (s: number): string => `${Math.floor(s)}.${Math.floor((s % 1) * 1e6)}`;
  api.feed.set('status', 'playing');
  api.feed.set('path', '');
  for (const [k, v] of [
    ['artist', 'The Artist'],
    ['title', f.title],
    ['album', 'The Album'],
    ['seconds_total', '180'],
    ['image_id', String(f.imageId ?? 0)],
    ['offset', '0'],
    ['stream_start', timeval(now)],
    ['current_time', timeval(now)],
    ['afs_mode', 'm/secret-mood'],
    ['attributes_txt', 'secret-attribute'],
    ['directory', '/srv/secret-dir'],
    ['basename', 'secret-file.mp3'],
  ] as const)
    api.feed.set(k, v);
  api.feed.set('path', f.path);
}

async function nowPlaying(api: TestApi): Promise<{ res: Response; body: PublicNowPlaying }> {
  const res = await fetch(`${api.url}/api/nowplaying`);
  assert.equal(res.status, 200);
  return { res, body: (await res.json()) as PublicNowPlaying };
}

describe('public station API', () => {
  let api: TestApi;
  let shown = 0;
  let hidden = 0;
  const png = (): Buffer => fs.readFileSync(fixture('picture.png'));
  before(async () => {
    api = await startTestApi();
    shown = (await api.afs.blobs.img.add('cover-a', png())).id;
    hidden = (await api.afs.blobs.img.add('private', Buffer.concat([png(), Buffer.from([0])]))).id;
  });
  after(() => api.close());

  test('stopped: the station, nothing playing, CORS *, cacheable for 1 s, no cookie needed', async () => {
    const { res, body } = await nowPlaying(api);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=1');
    assert.equal(body.state, 'stopped');
    assert.equal(body.nowPlaying, null);
    assert.deepEqual(body.station, { name: 'Test radio', description: '', artwork: null });
    assert.equal('listeners' in body, false);
    assert.equal('next' in body, false);
  });

  test('playing: tags, progress and the last plays, never a path, mood or attribute', async () => {
    playFile(api, { path: '/srv/secret-dir/one.mp3', title: 'One', imageId: shown });
    playFile(api, { path: '/srv/secret-dir/two.mp3', title: 'Two' });
    const { body } = await nowPlaying(api);
    assert.equal(body.state, 'playing');
    assert.equal(body.nowPlaying?.title, 'Two');
    assert.equal(body.nowPlaying?.artist, 'The Artist');
    assert.equal(body.nowPlaying?.album, 'The Album');
    assert.equal(body.nowPlaying?.duration, 180);
    assert.ok(body.nowPlaying.position >= 0 && body.nowPlaying.position < 5);
    assert.deepEqual(
      body.recent.map((p) => [p.title, p.cover]),
      [
        ['Two', null],
        ['One', `/api/cover/${shown}`],
      ],
    );
    assert.ok(Math.abs(body.recent[0]!.startedAt - Date.now()) < 5_000);
    assert.doesNotMatch(JSON.stringify(body), /secret|srv|mood|attribute|score|path/i);
    // later statuses of the same play keep its start: clients key the play by it
    api.feed.set('current_time', `${Math.floor(Date.now() / 1000) + 7}.123457`);
    const later = (await nowPlaying(api)).body;
    assert.equal(later.nowPlaying?.startedAt, body.nowPlaying.startedAt);
    assert.equal(later.recent[0]?.startedAt, body.nowPlaying.startedAt);
    assert.ok(later.nowPlaying.position > body.nowPlaying.position + 5);
  });

  test('the same file again after a file change is a new play; a pause is not', async () => {
    playFile(api, { path: '/srv/secret-dir/two.mp3', title: 'Two' });
    api.feed.set('status', 'paused');
    api.feed.set('status', 'playing');
    const { body } = await nowPlaying(api);
    assert.deepEqual(
      body.recent.map((p) => p.title),
      ['Two', 'Two', 'One'],
    );
  });

  test('covers: only those the view shows; one byte range; a bad range is refused', async () => {
    const ok = await fetch(`${api.url}/api/cover/${shown}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'image/png');
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    assert.ok(Buffer.from(await ok.arrayBuffer()).equals(png()));
    for (const id of [String(hidden), '0', '-1', 'x', '99999', '1e3'])
      assert.equal((await fetch(`${api.url}/api/cover/${id}`)).status, 404, id);
    const part = await fetch(`${api.url}/api/cover/${shown}`, { headers: { range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-9/${png().length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(png().subarray(0, 10)));
    for (const range of ['bytes=99999999-', 'bytes=5-2', 'bytes=0-1,4-5', 'lines=1-2', 'bytes=-']) {
      const res = await fetch(`${api.url}/api/cover/${shown}`, { headers: { range } });
      assert.equal(res.status, 416, range);
      assert.equal(res.headers.get('content-range'), `bytes */${png().length}`);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /Range/);
    }
  });

  test('events: the view at once, then on every change of what is published', async () => {
    const events = await readEvents(`${api.url}/api/nowplaying/events`);
    try {
      const first = await events.next();
      assert.equal(first.nowPlaying?.title, 'Two');
      playFile(api, { path: '/srv/secret-dir/three.mp3', title: 'Three' });
      const second = await events.next((v) => v.nowPlaying?.title === 'Three');
      assert.equal(second.recent[0]?.title, 'Three');
      // a status that changes nothing public (the uptime, the mood) is not pushed
      api.feed.set('afs_mode', 'm/other');
      await events.none(300);
      assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(events.headers.get('access-control-allow-origin'), '*');
      assert.equal(api.openEvents(), 1);
    } finally {
      events.close();
    }
  });

  test('the listener count and the next file only when the settings publish them', async () => {
    const admin = await api.login('admin');
    const client = api.client({ cookie: admin });
    const { trpc } = client;
    try {
      await trpc.vss.setstation.mutate({ listeners: 'on', next: 'on', name: 'Night radio' });
      const { body } = await nowPlaying(api);
      assert.equal(body.station.name, 'Night radio');
      assert.equal(body.listeners, 0);
      assert.equal(body.next, null); // the test library is empty
      await trpc.vss.setstation.mutate({ listeners: 'default', next: 'default', name: '' });
      const again = (await nowPlaying(api)).body;
      assert.equal(again.station.name, 'Test radio');
      assert.equal('listeners' in again, false);
      await assert.rejects(
        trpc.vss.setstation.mutate({ artwork: 'no-such-image' }),
        /no image named no-such-image/,
      );
      await trpc.vss.setstation.mutate({ artwork: 'cover-a' });
      assert.equal((await nowPlaying(api)).body.station.artwork, '/api/station/artwork');
      assert.equal((await fetch(`${api.url}/api/station/artwork`)).status, 200);
    } finally {
      client.close();
    }
  });

  test('switched off: every public route answers 404 and open event streams end', async () => {
    const events = await readEvents(`${api.url}/api/nowplaying/events`);
    await events.next();
    const admin = await api.login('admin');
    const client = api.client({ cookie: admin });
    const { trpc } = client;
    try {
      await trpc.vss.setstation.mutate({ public: 'off' });
      await events.ended();
      for (const path of [
        '/api/nowplaying',
        '/api/nowplaying/events',
        `/api/cover/${shown}`,
        '/api/station/artwork',
      ]) {
        const res = await fetch(`${api.url}${path}`);
        assert.equal(res.status, 404, path);
        assert.deepEqual(await res.json(), {
          error: { message: 'the public station is off', httpStatus: 404 },
        });
      }
      await trpc.vss.setstation.mutate({ public: 'default' });
      assert.equal((await fetch(`${api.url}/api/nowplaying`)).status, 200);
    } finally {
      events.close();
      client.close();
    }
  });
});
