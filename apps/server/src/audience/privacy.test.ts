import assert from 'node:assert/strict';
import { test } from 'node:test';
import { playerFamily, storedAddress } from './privacy.js';

test('addresses are stored truncated by default, whole or not at all on request', () => {
  assert.equal(storedAddress('192.168.17.42', 'truncated'), '192.168.17.0/24');
  assert.equal(storedAddress('2001:db8:abcd:12::1', 'truncated'), '2001:db8:abcd::/48');
  assert.equal(storedAddress('2001:db8::1', 'truncated'), '2001:db8:0::/48');
  assert.equal(storedAddress('::1', 'truncated'), '0:0:0::/48');
  assert.equal(storedAddress('192.168.17.42', 'whole'), '192.168.17.42');
  assert.equal(storedAddress('192.168.17.42', 'none'), null);
  assert.equal(storedAddress('not an address', 'truncated'), null);
});

test('user agents become player families', () => {
  const cases: [string, string][] = [
    ['VLC/3.0.18 LibVLC/3.0.18', 'VLC'],
    ['Lavf/60.16.100', 'ffmpeg'],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      'Chrome',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox'],
    ['Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36 Edg/120.0', 'Edge'],
    ['AppleCoreMedia/1.0.0.21A329 (iPhone; U; CPU OS 17_0 like Mac OS X)', 'iTunes'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile', 'iOS'],
    ['ExoPlayerLib/2.18.1', 'Android'],
    ['Icecast 2.4.4', 'relay'],
    ['curl/8.5.0', 'curl'],
    ['', 'unknown'],
    ['SomethingElse/1.0', 'other'],
  ];
  for (const [ua, family] of cases) assert.equal(playerFamily(ua), family, ua);
});
