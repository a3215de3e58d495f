// The erasure code: Rizzo's matrix (golden rows from a port of fec.c), and rebuilding every group
// from every pattern of up to n-k lost slices.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FecCode } from './fec.js';
import { randomBytes, seeded } from './test-helpers.js';

/** the redundancy rows of Rizzo's fec_new(k, n), computed by a Python port of fec.c's invert_vdm */
const GOLDEN: { k: number; n: number; rows: number[][] }[] = [
  { k: 2, n: 3, rows: [[3, 2]] },
  {
    k: 4,
    n: 6,
    rows: [
      [119, 64, 56, 14],
      [199, 167, 13, 108],
    ],
  },
  {
    k: 14,
    n: 16,
    rows: [
      [118, 163, 73, 155, 61, 66, 129, 31, 52, 163, 13, 75, 57, 15],
      [190, 63, 51, 3, 221, 196, 158, 36, 46, 11, 232, 131, 49, 108],
    ],
  },
];

/** every subset of {0..n-1} with at most `max` elements */
function* lossPatterns(n: number, max: number): Generator<number[]> {
  function* rec(start: number, chosen: number[]): Generator<number[]> {
    yield chosen;
    if (chosen.length === max) return;
    for (let i = start; i < n; i++) yield* rec(i + 1, [...chosen, i]);
  }
  yield* rec(0, []);
}

function binomialSum(n: number, max: number): number {
  let total = 0;
  let c = 1;
  for (let i = 0; i <= max; i++) {
    total += c;
    c = (c * (n - i)) / (i + 1);
  }
  return total;
}

/** all n slices of a group */
function encodeAll(code: FecCode, data: Uint8Array[], sliceBytes: number): Uint8Array[] {
  return Array.from({ length: code.n }, (_, i) => code.encode(data, i, sliceBytes));
}

/** decodes from the first k slices that were not lost: over all patterns, every k-subset */
function roundTrip(
  code: FecCode,
  data: Uint8Array[],
  slices: Uint8Array[],
  lost: readonly number[],
): void {
  const sliceBytes = data[0]!.length;
  const lostSet = new Set(lost);
  const received = [];
  for (let i = 0; i < code.n && received.length < code.k; i++) {
    if (!lostSet.has(i)) received.push({ index: i, data: slices[i]! });
  }
  const out = code.decode(received, sliceBytes);
  assert.equal(out.length, code.k);
  for (let j = 0; j < code.k; j++)
    assert.deepEqual(out[j], data[j], `slice ${j}, lost ${lost.join(',')}`);
}

describe('FecCode', () => {
  test("matches Rizzo's fec.c encoding matrix", () => {
    for (const { k, n, rows } of GOLDEN) {
      const code = FecCode.get(k, n);
      rows.forEach((row, r) => {
        for (let c = 0; c < k; c++)
          assert.equal(code.coefficient(k + r, c), row[c], `(${k},${n}) row ${r} col ${c}`);
      });
    }
  });

  test('is systematic: slices 0..k-1 are the data, k=n has no redundancy', () => {
    const rand = seeded(1);
    const data = [randomBytes(rand, 10), randomBytes(rand, 10), randomBytes(rand, 10)];
    const code = FecCode.get(3, 3);
    for (let i = 0; i < 3; i++) assert.deepEqual(code.encode(data, i, 10), data[i]);
    // k = 1: every redundant slice is a copy of the data
    const one = FecCode.get(1, 4);
    for (let i = 1; i < 4; i++) assert.deepEqual(one.encode([data[0]!], i, 10), data[0]);
  });

  test('rebuilds from every pattern of up to n-k lost slices', () => {
    const rand = seeded(42);
    const params: [number, number][] = [
      [1, 1],
      [1, 2],
      [1, 6],
      [2, 3],
      [2, 6],
      [3, 4],
      [3, 7],
      [4, 8],
      [5, 7],
      [7, 10],
      [8, 16],
      [11, 15],
      [14, 16],
      [20, 24],
    ];
    let decodes = 0;
    for (const [k, n] of params) {
      const code = FecCode.get(k, n);
      // the codes with tens of thousands of patterns run with one slice size
      for (const sliceBytes of binomialSum(n, n - k) > 5000 ? [13] : [1, 7, 256]) {
        const data = Array.from({ length: k }, () => randomBytes(rand, sliceBytes));
        const slices = encodeAll(code, data, sliceBytes);
        let count = 0;
        for (const lost of lossPatterns(n, n - k)) {
          roundTrip(code, data, slices, lost);
          count++;
        }
        assert.equal(count, binomialSum(n, n - k)); // really every pattern
        decodes += count;
      }
    }
    assert.ok(decodes > 10_000, `only ${decodes} decodes`);
  });

  test('large codes and slices: random loss patterns of exactly n-k slices', () => {
    const rand = seeded(7);
    const params: [number, number][] = [
      [32, 48],
      [100, 120],
      [200, 255],
      [1, 255],
      [255, 255],
    ];
    for (const [k, n] of params) {
      const code = FecCode.get(k, n);
      const sliceBytes = 1400;
      const data = Array.from({ length: k }, () => randomBytes(rand, sliceBytes));
      const slices = encodeAll(code, data, sliceBytes);
      for (let round = 0; round < 5; round++) {
        const all = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [all[i], all[j]] = [all[j]!, all[i]!];
        }
        roundTrip(code, data, slices, all.slice(0, n - k));
      }
    }
  });

  test('decodes from slices given in any order, longer buffers cut to sliceBytes', () => {
    const rand = seeded(3);
    const code = FecCode.get(4, 7);
    const data = Array.from({ length: 4 }, () => randomBytes(rand, 50));
    const received = [6, 1, 4, 3].map((i) => {
      const s = new Uint8Array(60);
      s.set(code.encode(data, i, 50));
      return { index: i, data: s };
    });
    assert.deepEqual(code.decode(received, 50), data);
  });

  test('refuses bad parameters and too few or duplicate slices', () => {
    assert.throws(() => FecCode.get(0, 4), RangeError);
    assert.throws(() => FecCode.get(5, 4), RangeError);
    assert.throws(() => FecCode.get(10, 256), RangeError);
    const code = FecCode.get(2, 4);
    const s = new Uint8Array(8);
    assert.throws(() => code.decode([{ index: 0, data: s }], 8), /need 2 slices/);
    assert.throws(
      () =>
        code.decode(
          [
            { index: 3, data: s },
            { index: 3, data: s },
          ],
          8,
        ),
      /duplicate/,
    );
    assert.throws(
      () =>
        code.decode(
          [
            { index: 9, data: s },
            { index: 1, data: s },
          ],
          8,
        ),
      /bad/,
    );
    assert.throws(
      () =>
        code.decode(
          [
            { index: 2, data: s },
            { index: 3, data: new Uint8Array(3) },
          ],
          8,
        ),
      /short/,
    );
  });
});
