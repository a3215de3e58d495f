// Request heads: browsers' and players' GETs, para_recv's bare-\n GET, and everything refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_HEAD_BYTES, parseHead } from './request.js';

const head = (s: string) => parseHead(Buffer.from(s, 'latin1'));

test('a browser GET, with and without Icy-MetaData', () => {
  assert.deepEqual(head('GET /stream HTTP/1.1\r\nHost: x\r\nRange: bytes=0-\r\n\r\n'), {
    kind: 'get',
    path: '/stream',
    icy: false,
    paraslash: false,
    userAgent: '',
  });
  const ua = head('GET / HTTP/1.1\r\nuser-agent:  VLC/3.0.18 LibVLC/3.0.18 \r\n\r\n');
  assert.equal((ua as { userAgent: string }).userAgent, 'VLC/3.0.18 LibVLC/3.0.18');
  assert.equal(
    (head('get / HTTP/1.0\r\nicy-metadata:1\r\n\r\n') as { icy: boolean }).icy,
    true,
    'case-insensitive, as paraslash checks GET',
  );
  assert.equal((head('GET / HTTP/1.0\r\nIcy-MetaData: 0\r\n\r\n') as { icy: boolean }).icy, false);
});

test('incomplete until the blank line; para_recv ends lines with a bare \\n', () => {
  assert.deepEqual(head('GET / HTTP/1.1\r\nHost: x\r\n'), { kind: 'incomplete' });
  assert.deepEqual(head('GET /x HTTP/1.0\nHost: y\n\n'), {
    kind: 'get',
    path: '/x',
    icy: false,
    paraslash: true,
    userAgent: '',
  });
});

test('anything else is refused', () => {
  for (const bad of [
    'POST / HTTP/1.1\r\n\r\n',
    'GET x HTTP/1.1\r\n\r\n',
    'HEAD / HTTP/1.1\r\n\r\n',
  ]) {
    assert.equal(head(bad).kind, 'bad', bad);
  }
  assert.deepEqual(head('HELLO\n'), {
    kind: 'bad',
    reason: 'only GET is served here',
    paraslash: true,
  });
  assert.equal(head('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(MAX_HEAD_BYTES)).kind, 'bad');
  assert.equal(head('OPTIONS / HTTP/1.1\r\n\r\n').kind, 'options');
});
