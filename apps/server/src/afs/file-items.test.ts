// The attribute bitmap of listings and status: 64 characters, bit 0 first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeBitmap } from './file-items.js';

test('attribute bitmap puts bit n at position n', () => {
  assert.equal(attributeBitmap(0n), '-'.repeat(64));
  for (const bit of [0, 1, 7, 8, 31, 32, 40, 63]) {
    const s = attributeBitmap(1n << BigInt(bit));
    assert.equal(s.length, 64);
    assert.equal(s.indexOf('x'), bit);
    assert.equal(s.lastIndexOf('x'), bit);
  }
  assert.equal(attributeBitmap((1n << 64n) - 1n), 'x'.repeat(64));
});
