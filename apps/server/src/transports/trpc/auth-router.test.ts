// Logins on the web doors over real HTTP: session cookie attributes, logout, forged and expired
// sessions (401), the CSRF header and the origin check, API tokens, password change and the limit
// on failed logins.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PASSWORD, startTestApi, type TestApi } from '../../../test/api.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../web-auth/index.js';

interface Answer {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data?: { code: string } } };
  setCookie: string | null;
}

describe('auth over HTTP', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ extra: { loginLimit: { max: 3, windowMs: 60_000 } } });
  });
  after(() => api.close());
  beforeEach(() => api.api.loginFailures.clear());

  async function call(
    proc: string,
    opts: {
      input?: unknown;
      cookie?: string;
      token?: string;
      csrf?: boolean;
      origin?: string;
      mutation?: boolean;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.origin) headers.origin = opts.origin;
    let res: Response;
    if (opts.mutation) {
      headers['content-type'] = 'application/json';
      if (opts.csrf !== false) headers[CSRF_HEADER] = '1';
      res = await fetch(`${api.url}/trpc/${proc}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(opts.input ?? {}),
      });
    } else {
      const q =
        opts.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
      res = await fetch(`${api.url}/trpc/${proc}${q}`, { headers });
    }
    return {
      status: res.status,
      body: (await res.json()) as Answer['body'],
      setCookie: res.headers.get('set-cookie'),
    };
  }
  const login = (user: string, password = PASSWORD): Promise<Answer> =>
    call('auth.login', { mutation: true, input: { user, password } });
  const cookieOf = (a: Answer): string => /^([^;]+)/.exec(a.setCookie ?? '')![1]!;

  test('login sets an HttpOnly SameSite=Strict cookie; auth.me tells who and what', async () => {
    const a = await login('reader');
    assert.equal(a.status, 200);
    const attrs = a.setCookie!.split('; ');
    assert.match(attrs[0]!, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}$`));
    assert.ok(
      attrs.includes('HttpOnly') && attrs.includes('SameSite=Strict') && attrs.includes('Path=/'),
    );
    assert.ok(attrs.some((x) => /^Max-Age=\d+$/.test(x)));
    const me = await call('auth.me', { cookie: cookieOf(a) });
    assert.deepEqual(me.body.result?.data, {
      user: 'reader',
      perms: 5,
      permissions: 'AFS_READ | VSS_READ',
      via: 'session',
      expiresAt: (a.body.result?.data as { expiresAt: string }).expiresAt,
    });
  });

  test('wrong passwords and unknown users get the same 401', async () => {
    const wrong = await login('reader', 'not the password');
    const unknown = await login('mallory', PASSWORD);
    for (const a of [wrong, unknown]) {
      assert.equal(a.status, 401);
      assert.equal(a.body.error?.message, 'wrong user name or password');
      assert.equal(a.setCookie, null);
    }
    const empty = await login('', PASSWORD);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error?.message, 'user: must not be empty');
  });

  test('logout ends the session; forged and expired sessions are 401', async () => {
    const cookie = cookieOf(await login('admin'));
    assert.equal((await call('auth.me', { cookie })).status, 200);
    const out = await call('auth.logout', { mutation: true, cookie });
    assert.equal(out.status, 200);
    assert.match(out.setCookie ?? '', /Max-Age=0/);
    const after = await call('auth.me', { cookie });
    assert.equal(after.status, 401);
    assert.equal(after.body.error?.message, 'invalid session');
    assert.match(after.setCookie ?? '', new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));

    const forged = await call('afs.ls', {
      cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}`,
      input: { args: [] },
    });
    assert.equal(forged.status, 401);
    assert.equal(forged.body.error?.message, 'invalid session');

    const old = cookieOf(await login('admin'));
    await api.tdb.db.prisma.webSession.updateMany({
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await call('afs.ls', { cookie: old, input: { args: [] } });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error?.message, 'session expired');
    // the expired row is gone: the next try is an unknown session
    assert.equal((await call('auth.me', { cookie: old })).body.error?.message, 'invalid session');
  });

  test('cookie mutations need the CSRF header and an allowed origin', async () => {
    const cookie = cookieOf(await login('admin'));
    const noHeader = await call('afs.addatt', {
      mutation: true,
      cookie,
      csrf: false,
      input: { args: ['x'] },
    });
    assert.equal(noHeader.status, 403);
    assert.match(noHeader.body.error?.message ?? '', /x-paraweb-csrf/);
    const evil = await call('afs.addatt', {
      mutation: true,
      cookie,
      origin: 'http://192.0.2.9',
      input: { args: ['x'] },
    });
    assert.equal(evil.status, 403);
    const good = await call('afs.addatt', {
      mutation: true,
      cookie,
      origin: `http://127.0.0.1:3000`,
      input: { args: ['csrf-ok'] },
    });
    assert.equal(good.status, 200);
    // nothing was added by the refused requests
    assert.equal(api.afs.attributes.names(0b11n).join(','), 'csrf-ok');
  });

  test('API tokens: shown once, work as Bearer without the CSRF header, revocable', async () => {
    const cookie = cookieOf(await login('reader'));
    const made = await call('auth.tokens.create', {
      mutation: true,
      cookie,
      input: { label: 'script' },
    });
    const { id, token } = made.body.result?.data as { id: number; token: string };
    assert.match(token, /^pwt_/);
    const list = await call('auth.tokens.list', { cookie });
    const rows = list.body.result?.data as { id: number; label: string }[];
    assert.deepEqual(
      rows.map((r) => [r.id, r.label]),
      [[id, 'script']],
    );
    assert.ok(!JSON.stringify(rows).includes(token), 'the token is never shown again');

    const me = await call('auth.me', { token });
    assert.equal((me.body.result?.data as { via: string }).via, 'token');
    // a token is no ambient credential: no CSRF header needed, but its permissions still apply
    const denied = await call('afs.addatt', {
      mutation: true,
      token,
      csrf: false,
      input: { args: ['t'] },
    });
    assert.equal(denied.status, 403);
    assert.match(
      denied.body.error?.message ?? '',
      /permission denied: addatt needs AFS_READ \| AFS_WRITE/,
    );

    assert.equal(
      (await call('auth.tokens.revoke', { mutation: true, cookie, input: { id } })).status,
      200,
    );
    const revoked = await call('auth.me', { token });
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.error?.message, 'invalid token');
    assert.equal((await call('auth.me', { token: 'pwt_forged' })).status, 401);
  });

  test('a user removed from the user list is logged out everywhere', async () => {
    const cookie = cookieOf(await login('nobody'));
    assert.equal((await call('auth.me', { cookie })).status, 200);
    const users = api.api.users as Map<string, { name: string; perms: number }>;
    const entry = users.get('nobody')!;
    users.delete('nobody');
    try {
      assert.equal((await call('auth.me', { cookie })).status, 401);
    } finally {
      users.set('nobody', entry);
    }
  });

  test('changing the password ends the other sessions and renews this one', async () => {
    const first = cookieOf(await login('admin'));
    const second = cookieOf(await login('admin'));
    const wrong = await call('auth.changePassword', {
      mutation: true,
      cookie: first,
      input: { current: 'nope', next: 'another long one' },
    });
    assert.equal(wrong.status, 403);
    const short = await call('auth.changePassword', {
      mutation: true,
      cookie: first,
      input: { current: PASSWORD, next: 'short' },
    });
    assert.equal(short.status, 400);
    assert.match(short.body.error?.message ?? '', /^next: password too short/);
    const ok = await call('auth.changePassword', {
      mutation: true,
      cookie: first,
      input: { current: PASSWORD, next: 'another long one' },
    });
    assert.equal(ok.status, 200);
    const renewed = cookieOf(ok);
    assert.equal((await call('auth.me', { cookie: renewed })).status, 200);
    assert.equal((await call('auth.me', { cookie: second })).status, 401);
    assert.equal((await login('admin')).status, 401);
    assert.equal((await login('admin', 'another long one')).status, 200);
    await api.api.auth.setPassword('admin', PASSWORD);
  });

  test('after 3 failed logins from one address the next attempts are refused (429)', async () => {
    api.api.loginFailures.clear();
    for (let i = 0; i < 3; i++) assert.equal((await login('reader', `wrong ${i}`)).status, 401);
    const blocked = await login('reader');
    assert.equal(blocked.status, 429);
    api.api.loginFailures.clear();
    assert.equal((await login('reader')).status, 200);
  });
});
