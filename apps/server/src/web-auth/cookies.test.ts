// Cookie parsing and writing, the origin rule and the sliding-window counter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearSessionCookie, isAllowedOrigin, parseCookies, sessionCookie } from './cookies.js';
import { WindowCounter } from './limits.js';

test('cookies: parsed leniently, written with HttpOnly, SameSite=Strict, Path and Max-Age', () => {
  const c = parseCookies('a=1; paraweb_session=abc_-9; broken; b="q%20x"; a=2; bad=%E0%A4%A');
  assert.equal(c.get('a'), '1');
  assert.equal(c.get('paraweb_session'), 'abc_-9');
  assert.equal(c.get('b'), 'q x');
  assert.equal(c.has('bad'), false);
  assert.equal(parseCookies(undefined).size, 0);
  assert.equal(
    sessionCookie('s3cret', 90_500, false),
    'paraweb_session=s3cret; Path=/; Max-Age=90; HttpOnly; SameSite=Strict',
  );
  assert.match(sessionCookie('s', 1000, true), /; Secure$/);
  assert.match(clearSessionCookie(false), /^paraweb_session=; Path=\/; Max-Age=0;/);
});

test('origins: same host name on any port by default, or exactly the configured list', () => {
  assert.equal(isAllowedOrigin('http://box.local:3000', 'box.local:8080', undefined), true);
  assert.equal(isAllowedOrigin('https://box.local', 'box.local', undefined), true);
  assert.equal(isAllowedOrigin('http://evil.example:3000', 'box.local:8080', undefined), false);
  assert.equal(isAllowedOrigin('null', 'box.local:8080', undefined), false);
  assert.equal(isAllowedOrigin('file://x', 'x', undefined), false);
  assert.equal(isAllowedOrigin('http://box.local:3000', undefined, undefined), false);
  assert.equal(isAllowedOrigin('http://[::1]:3000', '[::1]:8080', undefined), true);
  const list = ['https://dash.example'];
  assert.equal(isAllowedOrigin('https://dash.example', 'api.example', list), true);
  assert.equal(isAllowedOrigin('http://api.example:3000', 'api.example', list), false);
});

test('window counter: a limit per key within a sliding window', () => {
  let now = 1000;
  const c = new WindowCounter(2, 100, () => now);
  assert.equal(c.take('a'), true);
  assert.equal(c.take('a'), true);
  assert.equal(c.take('a'), false);
  assert.equal(c.take('b'), true);
  now += 101;
  assert.equal(c.take('a'), true);
  c.reset('a');
  assert.equal(c.count('a'), 0);
});
