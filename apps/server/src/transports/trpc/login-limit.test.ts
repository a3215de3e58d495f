// The limit on failed logins (10 a minute per address and per user name) through the real API
// port: concurrent guesses, batched guesses, a success on another account, other addresses.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import { PASSWORD, startTestApi, type TestApi } from '../../../test/api.js';
import { CSRF_HEADER } from '../../web-auth/index.js';

interface Reply {
  status: number;
  body: unknown;
}

/** POSTs over loopback from the given local address (127.0.0.0/8 is all loopback on Linux) */
function post(url: string, body: unknown, from = '127.0.0.1'): Promise<Reply> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          [CSRF_HEADER]: '1',
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('failed login limit over HTTP (default: 10 a minute)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());
  beforeEach(() => api.api.loginFailures.clear());

  const login = (user: string, password: string, from?: string): Promise<Reply> =>
    post(`${api.url}/trpc/auth.login`, { user, password }, from);
  const count = (replies: Reply[], status: number): number =>
    replies.filter((r) => r.status === status).length;

  test('100 concurrent wrong logins: 10 are checked, 90 refused with 429', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login('reader', `wrong ${i}`)),
    );
    assert.equal(count(replies, 401), 10);
    assert.equal(count(replies, 429), 90);
    // the right password is refused too while the address is over its limit
    assert.equal((await login('reader', PASSWORD)).status, 429);
  });

  test('auth.login is refused in a tRPC batch; a batch of one is a plain call', async () => {
    const n = 50;
    const paths = Array.from({ length: n }, () => 'auth.login').join(',');
    const input = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [String(i), { user: 'reader', password: `guess ${i}` }]),
    );
    const batch = await post(`${api.url}/trpc/${paths}?batch=1`, input);
    const answers = batch.body as { error?: { message: string; data: { httpStatus: number } } }[];
    assert.equal(answers.length, n);
    for (const a of answers) {
      assert.equal(a.error?.data.httpStatus, 400);
      assert.equal(a.error.message, 'auth.login cannot be batched: send it alone');
    }
    // none of them was a guess: the address has all its tries left
    const single = await post(`${api.url}/trpc/auth.login?batch=1`, {
      0: { user: 'reader', password: PASSWORD },
    });
    assert.equal(single.status, 200);
    for (let i = 0; i < 10; i++) assert.equal((await login('reader', `w${i}`)).status, 401);
    assert.equal((await login('reader', 'w10')).status, 429);
  });

  test("a success on one's own account does not reset the count", async () => {
    for (let i = 0; i < 9; i++) assert.equal((await login('admin', `w${i}`)).status, 401);
    // the attacker's own account: this works and is not counted, but forgets nothing
    assert.equal((await login('nobody', PASSWORD)).status, 200);
    assert.equal((await login('admin', 'w9')).status, 401);
    assert.equal((await login('admin', 'w10')).status, 429);
    assert.equal((await login('nobody', PASSWORD)).status, 429);
  });

  test('per user name: guesses from many addresses stop at 10; other users still log in', async () => {
    const from = (i: number): string => `127.0.0.${2 + i}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login('admin', `w${i}`, from(i))),
    );
    assert.equal(count(replies, 401), 10);
    assert.equal(count(replies, 429), 10);
    assert.equal((await login('admin', PASSWORD, from(30))).status, 429);
    assert.equal((await login('reader', PASSWORD, from(30))).status, 200);
  });

  test('auth.login is refused on a websocket (no cookie there, and many calls per frame)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${api.port}/trpc`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) =>
      ws.once('message', (m: Buffer) => resolve(m.toString())),
    );
    const params = { path: 'auth.login', input: { user: 'reader', password: PASSWORD } };
    ws.send(JSON.stringify({ id: 1, method: 'mutation', params }));
    const reply = JSON.parse(await answer) as { error?: { message: string } };
    ws.close();
    assert.equal(
      reply.error?.message,
      'auth.login over HTTP only: a websocket cannot set the session cookie',
    );
  });
});
