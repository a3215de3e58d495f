// reduceMemory (src/memory.cc) gives back what garbage took, on the thread that calls it: within
// 5 s the heap of a worker that made ~80 MB of garbage shrinks to a fraction; without, it stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

/** a worker that makes garbage, optionally reduces, and reports its heap's size, MB */
function heapAfterGarbage(reduce: boolean): Promise<{ before: number; after: number }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const v8 = require('node:v8');
    const total = () => v8.getHeapStatistics().total_heap_size / 1e6;
    let junk = [];
    for (let i = 0; i < 4e5; i++) junk.push({ i, s: 'garbage ' + i });
    junk = null;
    const before = total();
    import(${JSON.stringify(new URL('./index.js', import.meta.url).href)}).then((m) => {
      if (${reduce}) {
        const why = m.reduceMemory();
        if (why) throw new Error(why);
      }
      // the collection goes on in steps on this thread's event loop
      const end = Date.now() + 5000;
      const poll = () => {
        if (total() < before / 3 || Date.now() > end) parentPort.postMessage({ before, after: total() });
        else setTimeout(poll, 20);
      };
      poll();
    });
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('reduceMemory: a worker heap full of garbage shrinks to a fraction; untouched, it stays', async () => {
  const kept = await heapAfterGarbage(false);
  const reduced = await heapAfterGarbage(true);
  console.log(
    `heap after 400,000 dead objects: ${kept.after.toFixed(1)} MB untouched, ` +
      `${reduced.before.toFixed(1)} -> ${reduced.after.toFixed(1)} MB with reduceMemory`,
  );
  assert.ok(kept.after > 20, `garbage made: ${kept.after} MB`);
  assert.ok(reduced.after < reduced.before / 3, `${reduced.before} -> ${reduced.after} MB`);
});
