// What a public visitor (no cookie, no token) can and cannot do: every tRPC procedure of the
// router, listed from the router itself, refuses it except the three meant for visitors; hostile
// input to the public routes (huge query strings, floods of requests and event streams) gets a
// clear error and changes nothing.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CSRF_HEADER } from '../../web-auth/index.js';
import { buildAppRouter } from '../trpc/router.js';
import { startTestApi, type TestApi } from '../../../test/api.js';

/** the procedures a visitor may call: where the dashboard is, logging in and out */
const PUBLIC_PROCEDURES = new Set(['server.info', 'auth.login', 'auth.logout']);

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription' };
}

function get(url: string, headers: Record<string, string> = {}, localAddress?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(url, { headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('a public visitor', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  test('reaches no tRPC procedure but server.info, auth.login and auth.logout', async () => {
    const procedures = buildAppRouter(api.commands)._def.procedures as unknown as Record<
      string,
      ProcedureDef
    >;
    const paths = Object.keys(procedures);
    assert.ok(paths.length > 60, `only ${paths.length} procedures listed`);
    for (const name of PUBLIC_PROCEDURES) assert.ok(paths.includes(name), name);
    for (const path of paths) {
      if (PUBLIC_PROCEDURES.has(path)) continue;
      const type = procedures[path]!._def.type;
      const res =
        type === 'mutation'
          ? await fetch(`${api.url}/trpc/${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
              body: '{}',
            })
          : await fetch(`${api.url}/trpc/${path}`);
      if (type === 'subscription') {
        // tRPC answers a subscription over HTTP as server-sent events: an error event, no data
        const text = await res.text();
        assert.match(text, /event: serialized-error\ndata: .*"code":"UNAUTHORIZED"/, path);
        // a data message has no event line: every block is the greeting or the error
        for (const block of text.split('\n\n').filter((b) => b.trim() !== ''))
          assert.match(block, /^event: (connected|serialized-error)$/m, `${path}: ${block}`);
        continue;
      }
      const body = (await res.json()) as { error?: { data?: { code?: string } } };
      assert.equal(res.status, 401, `${type} ${path}: ${res.status}`);
      assert.equal(body.error?.data?.code, 'UNAUTHORIZED', path);
    }
  });

  test('gets no admin image, and no socket.io status', async () => {
    assert.equal((await fetch(`${api.url}/images/1`)).status, 401);
    const socket = api.socket({});
    const refused = await new Promise<string>((resolve) => {
      socket.on('connect_error', (err) => resolve(err.message));
      socket.on('connect', () => resolve('connected'));
    });
    assert.notEqual(refused, 'connected');
  });

  test('a huge query string gets 414 (or 431 past the header limit), and changes nothing', async () => {
    const before = JSON.stringify(api.services.station!.store.get());
    const long = await fetch(`${api.url}/api/nowplaying?x=${'a'.repeat(5_000)}`);
    assert.equal(long.status, 414);
    assert.match(((await long.json()) as { error: { message: string } }).error.message, /too long/);
    const huge = await get(`${api.url}/api/nowplaying/events?x=${'a'.repeat(100_000)}`);
    assert.equal(huge.status, 431);
    assert.equal(api.openEvents(), 0);
    assert.equal((await fetch(`${api.url}/api/nowplaying?t=1`)).status, 200);
    assert.equal(JSON.stringify(api.services.station!.store.get()), before);
  });
});

describe('public routes under load', () => {
  let api: TestApi;
  before(
    async () =>
      (api = await startTestApi({ extra: { publicApi: { maxEvents: 1500, rateLimit: 5 } } })),
  );
  after(() => api.close());

  test('rate limited per address: the sixth request a minute gets 429, another address not', async () => {
    const url = `${api.url}/api/nowplaying`;
    for (let i = 0; i < 5; i++) assert.equal((await get(url, {}, '127.0.0.1')).status, 200);
    const refused = await get(url, {}, '127.0.0.1');
    assert.equal(refused.status, 429);
    assert.match(refused.body, /too many requests: at most 5 a minute from one address/);
    assert.equal((await get(url, {}, '127.0.0.2')).status, 200);
  });

  test('2,000 event streams: 1,500 open, the rest get 503 with a reason; all close cleanly', async () => {
    // other addresses of the loopback net, so the rate limit of this instance does not interfere
    const sockets: net.Socket[] = [];
    const statuses = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => {
        const local = `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
        return new Promise<string>((resolve, reject) => {
          const s = net.connect({ host: '127.0.0.1', port: api.port, localAddress: local });
          sockets.push(s);
          let head = '';
          s.setEncoding('utf8');
          s.on('data', (d: string) => {
            head += d;
            const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
            if (m && head.includes('\r\n\r\n')) resolve(m[1] === '503' ? head : m[1]!);
          });
          s.on('error', reject);
          s.write(`GET /api/nowplaying/events HTTP/1.1\r\nHost: x\r\n\r\n`);
        });
      }),
    );
    const ok = statuses.filter((s) => s === '200').length;
    const refused = statuses.filter((s) => s.startsWith('HTTP/1.1 503'));
    assert.equal(ok, 1500);
    assert.equal(refused.length, 500);
    assert.match(refused[0]!, /too many event streams open \(at most 1500\)/);
    assert.equal(api.openEvents(), 1500);
    assert.equal(api.services.station!.followers, 1500);
    // the API still answers while they are open
    assert.equal((await get(`${api.url}/trpc/server.info`, {}, '127.0.9.9')).status, 200);
    for (const s of sockets) s.destroy();
    const deadline = Date.now() + 5_000;
    while (api.openEvents() > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(api.openEvents(), 0);
    assert.equal(api.services.station!.followers, 0);
  });
});
