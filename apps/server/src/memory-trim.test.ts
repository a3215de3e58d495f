// MemoryTrim's timing, with a collection that only counts: once per settled wave, not during
// one, not for a few listeners, at most once per gap, not above its heap limit; an addon that is
// not there turns it off; the malloc arenas are trimmed a moment after each collection.
// The collection itself is checked in packages/sockwrite (memory.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryTrim } from './memory-trim.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
