// sortInTurns: the same order as a plain sort, stable, across several runs and merge passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortInTurns } from './sort.js';

test('sorts like Array.prototype.sort and keeps equal keys in input order', async () => {
  for (const n of [0, 1, 5, 8192, 8193, 30_001]) {
    // keys with many ties: stability shows
    const keys = Array.from({ length: n }, (_, i) => (i * 7919) % 97);
    const positions = Int32Array.from(keys.keys());
    const sorted = await sortInTurns(positions, (a, b) => keys[a]! - keys[b]!);
    const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
    assert.deepEqual([...sorted], expected, `n = ${n}`);
  }
});

test('lets timers run while it sorts', async () => {
  const n = 200_000;
  const keys = Array.from({ length: n }, (_, i) => `k${(i * 104_729) % n}`);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  await sortInTurns(Int32Array.from(keys.keys()), (a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  clearInterval(timer);
  assert.ok(ticks > 0, 'the event loop had turns during the sort');
});
