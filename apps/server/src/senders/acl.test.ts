// The access list: CIDR parsing, allow/deny in both modes, IPv4-mapped peers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccessList, formatNetwork, parseNetwork } from './acl.js';

test('a.b.c.d[/n]: host bits cleared, /32 by default, junk refused', () => {
  assert.equal(formatNetwork(parseNetwork('192.168.1.77/24')!), '192.168.1.0/24');
  assert.equal(formatNetwork(parseNetwork('10.1.2.3')!), '10.1.2.3/32');
  assert.equal(formatNetwork(parseNetwork('0.0.0.0/0')!), '0.0.0.0/0');
  for (const bad of [
    '1.2.3',
    '1.2.3.4/33',
    '256.1.1.1',
    '1.2.3.4/',
    'a.b.c.d',
    '',
    '1.2.3.4/8/8',
  ]) {
    assert.equal(parseNetwork(bad), undefined, bad);
  }
});

test('deny list (default): listed networks are refused; allow removes overlapping entries', () => {
  const acl = new AccessList(false, ['10.0.0.0/8']);
  assert.ok(!acl.admits('10.9.8.7'));
  assert.ok(!acl.admits('::ffff:10.9.8.7'), 'IPv4-mapped');
  assert.ok(acl.admits('192.168.0.1'));
  assert.ok(acl.admits('::1'), 'pure IPv6 matches no entry');
  acl.deny(parseNetwork('192.168.0.0/16')!);
  assert.equal(acl.describe(), 'access deny list: 10.0.0.0/8 192.168.0.0/16');
  acl.allow(parseNetwork('10.1.1.1')!);
  assert.equal(acl.describe(), 'access deny list: 192.168.0.0/16');
  acl.allow(parseNetwork('0.0.0.0/0')!);
  assert.equal(acl.describe(), 'access deny list: (empty)');
});

test('allow list (default deny): only listed networks; deny removes', () => {
  const acl = new AccessList(true);
  assert.ok(!acl.admits('127.0.0.1'));
  assert.ok(!acl.admits('::1'));
  acl.allow(parseNetwork('127.0.0.0/8')!);
  acl.allow(parseNetwork('127.0.0.0/8')!);
  assert.equal(acl.describe(), 'access allow list: 127.0.0.0/8');
  assert.ok(acl.admits('127.0.0.1'));
  assert.ok(acl.admits('::ffff:127.0.0.1'));
  acl.deny(parseNetwork('127.0.0.0/8')!);
  assert.ok(!acl.admits('127.0.0.1'));
  assert.throws(() => new AccessList(true, ['nonsense']), /a\.b\.c\.d/);
});
