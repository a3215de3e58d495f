// admitAll: gives the event loop back between slices, stops when asked, and evaluates again the
// files that changed while it ran.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { synthetic } from '../../../test/synthetic-rows.js';
import type { AudioFileRecord } from '../audio-file.js';
import { admitAll } from './admit-all.js';

const files = (n: number): AudioFileRecord[] =>
  synthetic(n).map((row, i): AudioFileRecord => ({ ...row, id: i + 1 }));

test('a slow mood holds the event loop one slice at a time, not for the whole library', async () => {
  const all = files(200);
  // 1 ms a file: 200 ms in all, which would delay everything else without slices
  let evaluated = 0;
  const slow = (f: AudioFileRecord): number | undefined => {
    evaluated++;
    const end = performance.now() + 1;
    while (performance.now() < end);
    return f.id % 2 === 0 ? 0 : undefined;
  };
  // files evaluated between two turns of the loop: the work one turn waited for
  let turns = 0;
  let mostPerTurn = 0;
  let seen = 0;
  let running = true;
  const ticker = (async () => {
    while (running) {
      await nextTurn();
      mostPerTurn = Math.max(mostPerTurn, evaluated - seen);
      seen = evaluated;
      turns++;
    }
  })();
  const admitted = await admitAll(all, slow, { sliceMs: 10 });
  running = false;
  await ticker;
  assert.equal(admitted.size, 100);
  assert.ok(turns >= 5, `the loop turned ${turns} times meanwhile`);
  // a slice ends at the first look at the clock (every 16 files) past 10 ms
  assert.ok(mostPerTurn <= 10 + 16, `one turn waited for ${mostPerTurn} files`);
});

test('a signal ends the work with E_CANCELLED', async () => {
  const ac = new AbortController();
  const work = admitAll(files(100), () => 0, { sliceMs: 0, signal: ac.signal });
  ac.abort();
  await assert.rejects(work, (e: unknown) => (e as { code?: string }).code === 'E_CANCELLED');
});

test('files changed while the slices ran are evaluated again as they are at the end', async () => {
  const all = files(100);
  const byId = new Map(all.map((f) => [f.id, f]));
  const changed = new Set<number>();
  // the mood admits titles starting with "Title"; on the way, file 10 (seen already) is
  // renamed out of the mood, file 90 (not seen yet) into it, and file 20 is removed
  const admit = (f: AudioFileRecord): number | undefined => {
    if (f.id === 50) {
      byId.set(10, { ...byId.get(10)!, title: 'other' });
      byId.set(90, { ...byId.get(90)!, title: 'Title again' });
      byId.delete(20);
      for (const id of [10, 20, 90]) changed.add(id);
    }
    return f.title.startsWith('Title') ? 0 : undefined;
  };
  all[89] = { ...all[89]!, title: 'none' };
  const admitted = await admitAll(all, admit, {
    sliceMs: 0,
    changed: { ids: changed, get: (id) => byId.get(id) },
  });
  assert.ok(!admitted.has(10), 'renamed out of the mood');
  assert.ok(!admitted.has(20), 'removed');
  assert.equal(admitted.get(90)?.f.title, 'Title again');
  assert.equal(admitted.size, 98);
});
