// The helper workers' young generation stays small under allocation pressure (worker-limits.ts),
// and the reader pool, the checkpointer's and the blob writer's workers are started with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ReaderPool } from './afs/reader/pool.js';
import { HELPER_WORKER_LIMITS } from './worker-limits.js';

/** a worker that allocates ~20 MB of short-lived objects, then reports its young generation */
async function youngAfterWork(resourceLimits?: typeof HELPER_WORKER_LIMITS): Promise<number> {
  const code = `
    const v8 = require('node:v8');
    let keep = 0;
    for (let i = 0; i < 300000; i++) keep += { i, s: 'x' + i }.s.length;
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    require('node:worker_threads').parentPort.postMessage(young.space_size + keep * 0);`;
  const w = new Worker(code, { eval: true, resourceLimits });
  try {
    return await new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

test('a helper worker keeps a young generation of at most 2 MB; without the limit it grows', async () => {
  const limited = await youngAfterWork(HELPER_WORKER_LIMITS);
  assert.ok(limited <= 2 * 1048576, `young generation ${limited} bytes`);
  const free = await youngAfterWork();
  assert.ok(free > 2 * limited, `unlimited ${free} bytes against ${limited}: the limit matters`);
});

test('the reader pool starts its workers with the helper limits', async () => {
  const started: Worker[] = [];
  const on = (w: Worker): void => void started.push(w);
  process.on('worker', on);
  const pool = new ReaderPool({ size: 1 });
  try {
    await pool.parse([{ path: '/nonexistent/file.mp3', force: true }]);
    assert.equal(started.length, 1);
    assert.equal(
      started[0]!.resourceLimits?.maxYoungGenerationSizeMb,
      HELPER_WORKER_LIMITS.maxYoungGenerationSizeMb,
    );
  } finally {
    process.off('worker', on);
    await pool.close();
  }
});
