// reduceMemory (src/memory.cc) gives back what garbage took, on the thread that calls it: within
// 5 s the heap of a worker that made ~80 MB of garbage shrinks to a fraction; without, it stays.
// (Called at once after the garbage was made, it once did nothing in a busy CI run: likely V8's
// own marking had begun, and a memory-reducing one does not start while another runs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';

// a full collection on demand (the native test frees its buffers by collecting them)
v8.setFlagsFromString('--expose-gc');

/** a worker that makes garbage, optionally reduces, and reports its heap's size, MB */
function heapAfterGarbage(reduce: boolean): Promise<{ before: number; after: number }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const v8 = require('node:v8');
    const total = () => v8.getHeapStatistics().total_heap_size / 1e6;
    let junk = [];
    for (let i = 0; i < 4e5; i++) junk.push({ i, s: 'garbage ' + i });
    junk = null;
    // as the server does (a wave has settled): a collection V8 may have begun while the garbage
    // was made ends first; a memory-reducing one is not started while another runs
    const settled = new Promise((r) => setTimeout(r, 1000));
    let before;
    settled.then(() => import(${JSON.stringify(new URL('./index.js', import.meta.url).href)})).then((m) => {
      before = total();
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

test('trimNativeHeap: the free pages of malloc arenas go back to the system', async () => {
  const { trimNativeHeap } = await import('./index.js');
  const gc = (await import('node:vm')).runInNewContext('gc') as () => void;
  const rssMb = (): number => process.memoryUsage.rss() / 1e6;
  // ~100 MB in 1 KB pieces from malloc (allocUnsafeSlow: no pool), the last kept: the free space
  // lies below a live piece, where free() does not give it back
  const kept = ((): Buffer => {
    const pieces: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) pieces.push(Buffer.allocUnsafeSlow(1024).fill(i));
    return pieces.at(-1)!;
  })();
  gc();
  await new Promise((r) => setTimeout(r, 100));
  const freed = rssMb();
  const r = trimNativeHeap();
  if (typeof r === 'string') throw new Error(r);
  assert.equal(await r, 'released', 'malloc_trim gave memory back');
  const trimmed = rssMb();
  console.log(
    `RSS after 100 MB freed in 1 KB pieces: ${freed.toFixed(1)} -> ${trimmed.toFixed(1)} MB`,
  );
  assert.ok(freed - trimmed > 50, `${freed} -> ${trimmed} MB`);
  assert.equal(kept[0], 99_999 & 0xff);
  // the arenas are the process's: another thread's trim moments later is skipped
  const again = await new Promise((resolve, reject) => {
    const w = new Worker(
      `import('${new URL('./index.js', import.meta.url).href}').then(async (m) => {
         require('node:worker_threads').parentPort.postMessage(await m.trimNativeHeap());
       })`,
      { eval: true },
    );
    w.once('message', resolve);
    w.once('error', reject);
  });
  assert.equal(again, 'skipped', "a worker's trim right after");
});
