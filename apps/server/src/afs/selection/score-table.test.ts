// The score table keeps (score, id) order through every operation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScoreTable } from './score-table.js';

test('set, remove, rank and order agree with a plain sort', () => {
  const t = new ScoreTable();
  const model = new Map<number, number>();
  let seed = 7;
  // high bits of an LCG: its low bits cycle too quickly
  const rnd = (n: number): number =>
    Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
  for (let i = 0; i < 3000; i++) {
    const id = rnd(200);
    if (rnd(4) === 0) {
      assert.equal(t.remove(id), model.delete(id));
    } else {
      const score = rnd(50) - 25;
      t.set(id, score);
      model.set(id, score);
    }
    if (i % 100 === 0) {
      const expected = [...model.entries()]
        .sort((a, b) => a[1] - b[1] || b[0] - a[0])
        .map(([id]) => id);
      assert.deepEqual([...t.descending()].map((r) => r.id).reverse(), expected);
      expected.forEach((id, rank) => assert.equal(t.rank(id), rank));
    }
  }
  assert.equal(t.size, model.size);
  const best = [...model.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  assert.deepEqual(t.at(t.size - 1), { id: best[0], score: best[1] });
});
