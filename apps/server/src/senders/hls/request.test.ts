// An HLS request head: the headers read, the session parameter as URLSearchParams decodes it,
// keep-alive by HTTP version, and bad heads refused with a status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequest } from './request.js';

const parse = (head: string) => parseRequest(Buffer.from(head, 'latin1'));

function req(head: string) {
  const p = parse(head);
  assert.equal(p.kind, 'request', JSON.stringify(p));
  return p.req;
}

test('the headers HLS reads, whatever their case and spacing; others ignored', () => {
  const r = req(
    'GET /hls/mp3.m3u8?s=abcdefgh12 HTTP/1.1\r\nHost: x\r\nRANGE:  bytes=0-9 \r\n' +
      'Cookie: a=b\r\nuser-agent: VLC/3.0\r\nX-Other: y\r\nConnection: Keep-Alive\r\n\r\n',
  );
  assert.equal(r.method, 'GET');
  assert.equal(r.path, '/hls/mp3.m3u8');
  assert.equal(r.session, 'abcdefgh12');
  assert.equal(r.range, 'bytes=0-9');
  assert.equal(r.cookie, 'a=b');
  assert.equal(r.userAgent, 'VLC/3.0');
  assert.equal(r.keepAlive, true);
});

test('the session parameter: the first s, decoded as URLSearchParams would', () => {
  const cases: [string, string | undefined][] = [
    ['/hls/a.m3u8', undefined],
    ['/hls/a.m3u8?x=1', undefined],
    ['/hls/a.m3u8?x=1&s=second&s=third', 'second'],
    ['/hls/a.m3u8?ss=no&s=yes', 'yes'],
    ['/hls/a.m3u8?s=a%2Db+c', 'a-b c'],
    ['/hls/a.m3u8?s=%zz', '%zz'],
    ['/hls/a.m3u8?s=', ''],
  ];
  for (const [target, want] of cases) {
    assert.equal(req(`GET ${target} HTTP/1.1\r\n\r\n`).session, want, target);
    const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
    const byUrl = new URLSearchParams(query).get('s') ?? undefined;
    assert.equal(want, byUrl, `as URLSearchParams: ${target}`);
  }
});

test('keep-alive: HTTP/1.1 unless close, HTTP/1.0 only when asked', () => {
  assert.equal(req('GET /hls/a HTTP/1.1\r\n\r\n').keepAlive, true);
  assert.equal(req('GET /hls/a HTTP/1.1\r\nConnection: close\r\n\r\n').keepAlive, false);
  assert.equal(req('GET /hls/a HTTP/1.0\r\n\r\n').keepAlive, false);
  assert.equal(req('GET /hls/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n').keepAlive, true);
});

test('incomplete, malformed and oversized heads', () => {
  assert.equal(parse('GET /hls/a HTTP/1.1\r\nHost: x\r\n').kind, 'incomplete');
  const bad = (head: string): string => {
    const p = parse(head);
    assert.equal(p.kind, 'bad', head.slice(0, 40));
    return p.status;
  };
  assert.equal(bad('GET /hls/a HTTP/1.1\r\nno colon here\r\n\r\n'), '400 Bad Request');
  assert.equal(bad('GET /hls/a HTTP/2\r\n\r\n'), '400 Bad Request');
  assert.equal(bad('POST /hls/a HTTP/1.1\r\n\r\n'), '405 Method Not Allowed');
  assert.equal(bad(`GET /hls/${'a'.repeat(3000)} HTTP/1.1\r\n\r\n`), '414 URI Too Long');
  assert.equal(
    bad(`GET /hls/a HTTP/1.1\r\nX: ${'a'.repeat(9000)}\r\n\r\n`),
    '431 Request Header Fields Too Large',
  );
});
