// MemoryTrim's timing, with a collection that only counts: once per settled wave, not during
// one, not for a few listeners, at most once per gap, not above its heap limit; an addon that is
// not there turns it off; the malloc arenas are trimmed a moment after each collection. The
// external-memory trigger: its growth over the low, its gap and limits, and on real buffers.
// The collection itself is checked in packages/sockwrite (memory.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryTrim } from './memory-trim.js';
import { sleep, until } from './vss/test-util.js';

test('one collection once a wave has settled; none during it, none for a few, one per gap', async () => {
  let runs = 0;
  const lines: string[] = [];
  const trim = new MemoryTrim({
    minChurn: 100,
    quietMs: 150,
    minGapMs: 1000,
    reduce: () => void runs++,
    trimNative: undefined,
    log: (l) => lines.push(l),
  });
  try {
    trim.churn(20);
    await sleep(300);
    assert.equal(runs, 0, 'a few listeners');
    // a wave of 60 ms steps: still going on at 150 ms after its start
    for (let i = 0; i < 5; i++) {
      trim.churn(30);
      await sleep(60);
    }
    assert.equal(runs, 0, 'during the wave');
    await sleep(250);
    assert.equal(runs, 1, 'after it settled');
    assert.match(lines[0]!, /^memory trimmed after 170 connects and disconnects in/);
    // a second wave at once: it waits for the gap
    trim.churn(150);
    await sleep(400);
    assert.equal(runs, 1, 'within the gap');
    await sleep(900);
    assert.equal(runs, 2, 'after the gap');
  } finally {
    trim.close();
  }
});

test('a heap above maxHeapMb is left alone', async () => {
  let runs = 0;
  const trim = new MemoryTrim({
    minChurn: 10,
    quietMs: 20,
    minGapMs: 0,
    maxHeapMb: 1,
    reduce: () => void runs++,
    trimNative: () => (runs++, Promise.resolve('released' as const)),
  });
  trim.churn(50);
  await sleep(150);
  trim.close();
  assert.equal(runs, 0, 'neither the collection nor the native trim');
});

test('an addon that is not there: said once, and nothing more is counted', async () => {
  const lines: string[] = [];
  let calls = 0;
  const trim = new MemoryTrim({
    minChurn: 10,
    quietMs: 20,
    minGapMs: 0,
    reduce: () => (calls++, 'not loaded: no such file'),
    trimNative: () => (calls++, Promise.resolve('released' as const)),
    log: (l) => lines.push(l),
  });
  trim.churn(50);
  await sleep(100);
  trim.churn(50);
  await sleep(100);
  trim.close();
  assert.equal(calls, 1, 'one try to collect, no native trim');
  assert.deepEqual(lines, ['memory trim off: not loaded: no such file']);
});

test('the malloc arenas are trimmed nativeAfterMs after a collection', async () => {
  /** ms after t0 of each call; -1: not made */
  const at = { reduce: -1, native: -1 };
  const t0 = Date.now();
  const lines: string[] = [];
  const trim = new MemoryTrim({
    minChurn: 10,
    quietMs: 20,
    minGapMs: 0,
    nativeAfterMs: 200,
    reduce: () => void (at.reduce = Date.now() - t0),
    trimNative: () => ((at.native = Date.now() - t0), Promise.resolve('released' as const)),
    log: (l) => lines.push(l),
  });
  trim.churn(50);
  await sleep(100);
  assert.ok(at.reduce >= 0 && at.native === -1, 'the collection first');
  await sleep(300);
  trim.close();
  assert.ok(at.native - at.reduce >= 200, `${at.native - at.reduce} ms between them`);
  assert.match(lines.at(-1)!, /^malloc arenas trimmed: RSS -?\d+\.\d MB lower$/);
});

test('external memory: a collection when it has grown externalMb over its low, one per gap', async () => {
  let external = 10e6;
  let runs = 0;
  const trim = new MemoryTrim({
    externalMb: 2,
    externalGapMs: 300,
    externalEveryMs: 20,
    external: () => external,
    reduce: () => void runs++,
    trimNative: undefined,
  });
  try {
    await sleep(60);
    external = 11.9e6;
    await sleep(80);
    assert.equal(runs, 0, 'under 2 MB of growth');
    external = 12.1e6;
    await sleep(80);
    assert.equal(runs, 1, 'past it');
    // it freed nothing (the memory is live): it is the new low, and no collection follows
    external = 13e6;
    await sleep(400);
    assert.equal(runs, 1, 'not again for memory that stays');
    // freed, then garbage again: again, once the gap is over
    external = 9e6;
    await sleep(60);
    external = 11.5e6;
    await sleep(80);
    assert.equal(runs, 2, 'after a drop, 2 MB more');
    external = 4e6;
    await sleep(60);
    external = 7e6;
    await sleep(80);
    assert.equal(runs, 2, 'within the gap');
    await sleep(300);
    assert.equal(runs, 3, 'after the gap');
  } finally {
    trim.close();
  }
});

test('external memory: the malloc arenas trimmed after its collection too, not logged', async () => {
  let external = 0;
  const calls: string[] = [];
  const lines: string[] = [];
  const trim = new MemoryTrim({
    externalMb: 1,
    externalGapMs: 10_000,
    externalEveryMs: 10,
    nativeAfterMs: 50,
    external: () => (external += 0.6e6),
    reduce: () => void calls.push('reduce'),
    trimNative: () => (calls.push('native'), Promise.resolve('released' as const)),
    log: (l) => lines.push(l),
  });
  await sleep(200);
  trim.close();
  assert.deepEqual(calls, ['reduce', 'native']);
  assert.deepEqual(lines, []);
});

test('external memory: not above maxHeapMb, and not with no addon (said once)', async () => {
  let runs = 0;
  const big = new MemoryTrim({
    externalMb: 1,
    externalEveryMs: 10,
    maxHeapMb: 1,
    external: () => (runs === 0 ? 1e6 + Date.now() * 1000 : 0),
    reduce: () => void runs++,
    trimNative: undefined,
  });
  await sleep(100);
  big.close();
  assert.equal(runs, 0, 'a heap above maxHeapMb');

  const lines: string[] = [];
  let calls = 0;
  let external = 0;
  const off = new MemoryTrim({
    externalMb: 1,
    externalGapMs: 0,
    externalEveryMs: 10,
    external: () => (external += 2e6),
    reduce: () => (calls++, 'not loaded: no such file'),
    trimNative: undefined,
    log: (l) => lines.push(l),
  });
  await sleep(100);
  off.close();
  assert.equal(calls, 1);
  assert.deepEqual(lines, ['memory trim off: not loaded: no such file']);

  // said by a wave's collection first: the buffers' trigger does not try again
  let grow = false;
  let waveCalls = 0;
  let bytes = 0;
  const waveFirst = new MemoryTrim({
    minChurn: 10,
    quietMs: 10,
    minGapMs: 0,
    externalMb: 1,
    externalGapMs: 0,
    externalEveryMs: 10,
    external: () => (grow ? (bytes += 2e6) : 0),
    reduce: () => (waveCalls++, 'not loaded: no such file'),
    trimNative: undefined,
  });
  waveFirst.churn(50);
  await sleep(60);
  assert.equal(waveCalls, 1, 'the wave tried');
  grow = true;
  await sleep(100);
  waveFirst.close();
  assert.equal(waveCalls, 1, 'the buffers did not');
});

test('external memory: real buffers read through V8, and the real collection made', async () => {
  // The trigger on this thread's real heap statistics and with the addon's collection. (Whether
  // the collection frees old-generation buffers is bench/hls.bench.mjs's to show: in a test
  // process V8 starts collections of its own, which free them as well.)
  const lines: string[] = [];
  const trim = new MemoryTrim({
    externalMb: 2,
    externalGapMs: 0,
    externalEveryMs: 20,
    trimNative: undefined,
    log: (l) => lines.push(l),
  });
  try {
    await sleep(60); // its first reading, the low
    let held = Array.from({ length: 24 }, () => new Uint8Array(64 * 1024).fill(1));
    await sleep(100);
    assert.equal(trim.externalCollections, 0, '1.5 MB more: under externalMb');
    held = [...held, ...Array.from({ length: 24 }, () => new Uint8Array(64 * 1024).fill(2))];
    await until(() => trim.externalCollections === 1, 5000, 'a collection at 3 MB more');
    assert.deepEqual(lines, [], 'the addon collected (it says why when it cannot)');
    assert.equal(held.length, 48);
  } finally {
    trim.close();
  }
});
