// GET /images/:id over real HTTP: the picture with its type for a reader, nothing for others.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { fixture } from '../../../test/fixtures.js';

describe('GET /images/:id', () => {
  let api: TestApi;
  let id = 0;
  const png = (): Buffer => fs.readFileSync(fixture('picture.png'));
  before(async () => {
    api = await startTestApi();
    id = (await api.afs.blobs.img.add('cover', png())).id;
  });
  after(() => api.close());

  test('a reader gets the picture, typed, and a 304 for the same ETag', async () => {
    const cookie = await api.login('reader');
    const res = await fetch(`${api.url}/images/${id}`, { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(png()));
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${api.url}/images/${id}`, {
      headers: { cookie, 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
  });

  test('no login, no permission, no such image', async () => {
    assert.equal((await fetch(`${api.url}/images/${id}`)).status, 401);
    const nobody = await api.login('nobody');
    assert.equal(
      (await fetch(`${api.url}/images/${id}`, { headers: { cookie: nobody } })).status,
      403,
    );
    const cookie = await api.login('reader');
    for (const bad of ['999', '0', '-1', 'x', '1e3'])
      assert.equal(
        (await fetch(`${api.url}/images/${bad}`, { headers: { cookie } })).status,
        404,
        bad,
      );
  });
});
