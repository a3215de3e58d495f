// The API server over real HTTP: health, server.info without login, CORS for the dashboard's
// origin only, bad requests that never crash it, and a prompt close().
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpSender, SenderTable } from '../../senders/index.js';
import { startTestApi, type TestApi } from '../../../test/api.js';

describe('api server', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  test('server.info and /health answer without a login; the version and size only with one', async () => {
    const res = await fetch(`${api.url}/trpc/server.info`);
    assert.equal(res.status, 200);
    // a visitor learns that the server answers, not what it runs or holds
    assert.deepEqual(await res.json(), {
      result: { data: { version: null, files: null, httpPort: null, httpOn: false } },
    });
    const cookie = await api.login('admin');
    const known = await fetch(`${api.url}/trpc/server.info`, { headers: { cookie } });
    assert.deepEqual(await known.json(), {
      result: {
        data: { version: api.services.server.version, files: 0, httpPort: null, httpOn: false },
      },
    });
    // a stale cookie is a visitor here, not an error (the login form asks server.info)
    const stale = await fetch(`${api.url}/trpc/server.info`, {
      headers: { cookie: `${cookie.split('=')[0]}=not-a-session` },
    });
    assert.equal(stale.status, 200);
    assert.equal(
      ((await stale.json()) as { result: { data: { version: unknown } } }).result.data.version,
      null,
    );
    const health = await fetch(`${api.url}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  test('server.info tells the web player the HTTP sender port and whether it listens', async () => {
    const senders = new SenderTable();
    const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    senders.add(http);
    api.services.senders = senders;
    const cookie = await api.login('admin');
    const info = async () =>
      (
        (await (await fetch(`${api.url}/trpc/server.info`, { headers: { cookie } })).json()) as {
          result: { data: object };
        }
      ).result.data;
    try {
      await http.start();
      assert.ok(http.port > 0);
      assert.deepEqual(await info(), {
        version: api.services.server.version,
        files: 0,
        httpPort: http.port,
        httpOn: true,
      });
      await http.stop();
      assert.deepEqual(await info(), {
        version: api.services.server.version,
        files: 0,
        httpPort: 0, // the configured port (0 here): nothing is bound while the sender is off
        httpOn: false,
      });
    } finally {
      await http.stop();
      delete api.services.senders;
    }
  });

  test('CORS with credentials for the same host on another port, not for other origins', async () => {
    const ok = await api.app.inject({
      method: 'GET',
      url: '/trpc/server.info?batch=1&input=%7B%7D',
      headers: { origin: 'http://127.0.0.1:3000', host: `127.0.0.1:${api.port}` },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'http://127.0.0.1:3000');
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');

    const preflight = await api.app.inject({
      method: 'OPTIONS',
      url: '/trpc/afs.add',
      headers: {
        origin: 'http://127.0.0.1:3000',
        host: `127.0.0.1:${api.port}`,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-paraweb-csrf',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /x-paraweb-csrf/);

    // the listeners' requests may be posted from any page, without cookies; nothing else public
    const publicPreflight = (url: string) =>
      api.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'http://192.0.2.7:3000',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const post = await publicPreflight('/api/requests');
    assert.equal(post.headers['access-control-allow-origin'], '*');
    assert.match(String(post.headers['access-control-allow-methods']), /POST/);
    assert.equal(post.headers['access-control-allow-credentials'], undefined);
    const other = await publicPreflight('/api/nowplaying');
    assert.doesNotMatch(String(other.headers['access-control-allow-methods']), /POST/);

    const evil = await api.app.inject({
      method: 'GET',
      url: '/trpc/server.info',
      headers: { origin: 'http://192.0.2.7:3000', host: `127.0.0.1:${api.port}` },
    });
    assert.equal(evil.statusCode, 403);
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
  });

  test('garbage requests get errors, and the server keeps answering', async () => {
    const cases: [string, RequestInit][] = [
      ['/trpc/afs.ls?input=%7Bnot-json', {}],
      ['/trpc/no.such.procedure', {}],
      [
        '/trpc/afs.add',
        {
          method: 'POST',
          headers: { 'x-paraweb-csrf': '1', 'content-type': 'application/json' },
          body: '{"args":',
        },
      ],
      [
        '/trpc/auth.login',
        {
          method: 'POST',
          headers: { 'x-paraweb-csrf': '1', 'content-type': 'application/json' },
          body: '[1,2,3]',
        },
      ],
    ];
    for (const [path, init] of cases) {
      const res = await fetch(`${api.url}${path}`, init);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
      await res.arrayBuffer();
    }
    assert.equal((await fetch(`${api.url}/health`)).status, 200);
  });
});

test('close() returns promptly and frees the port', async () => {
  const api = await startTestApi();
  const { url } = api;
  await api.close();
  await assert.rejects(fetch(`${url}/health`));
});
