// GET /audience/{sessions,plays}.csv over real HTTP: the rows of a range for a reader, streamed;
// refusals for no login, no permission, an unknown table and a bad range.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { AudienceQueries } from '../../audience/index.js';

const T0 = Date.UTC(2026, 10, 1);

describe('GET /audience/*.csv', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.services.audience = new AudienceQueries(api.tdb.db);
    await api.tdb.db.prisma.listenerSession.createMany({
      data: Array.from({ length: 4500 }, (_, i) => ({
        output: i % 2 ? '/' : '/live.mp3',
        startedAt: new Date(T0 + i * 1000),
        endedAt: new Date(T0 + i * 1000 + 60_000),
        family: 'VLC',
      })),
    });
  });
  after(() => api.close());

  test('a reader gets every session of the range, in batches, as an attachment', async () => {
    const cookie = await api.login('reader');
    const res = await fetch(
      `${api.url}/audience/sessions.csv?since=${T0 / 1000}&until=${T0 / 1000 + 4000}`,
      { headers: { cookie } },
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="sessions-/);
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + 4000, 'the header and the sessions of 4000 s (over 2 batches)');
    assert.equal(
      lines[1],
      '1,/live.mp3,2026-11-01T00:00:00.000Z,2026-11-01T00:01:00.000Z,60,0,,VLC,',
    );
    const plays = await fetch(`${api.url}/audience/plays.csv?since=${T0 / 1000}`, {
      headers: { cookie },
    });
    assert.equal(plays.status, 200);
    assert.match(await plays.text(), /^id,file_id,path,/);
  });

  test('no login, no permission, no such export, a bad range', async () => {
    assert.equal((await fetch(`${api.url}/audience/sessions.csv`)).status, 401);
    const nobody = await api.login('nobody');
    assert.equal(
      (await fetch(`${api.url}/audience/sessions.csv`, { headers: { cookie: nobody } })).status,
      403,
    );
    const cookie = await api.login('reader');
    for (const [query, status, want] of [
      ['/audience/listeners.csv', 404, /no such export/],
      ['/audience/sessions', 404, /no such export/],
      ['/audience/sessions.csv?since=soon', 400, /not a time: soon/],
      ['/audience/sessions.csv?since=1d&until=2d', 400, /range is empty/],
      ['/audience/sessions.csv?since=1990-01-01', 400, /at most 400 days/],
    ] as const) {
      const res = await fetch(`${api.url}${query}`, { headers: { cookie } });
      assert.equal(res.status, status, query);
      assert.match(await res.text(), want, query);
    }
  });
});
