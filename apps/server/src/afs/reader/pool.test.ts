// The reader pool starts workers on demand and stops them when idle: none before the first
// request, one while a request runs (however long it runs), none after `idleMs` without requests,
// and a fresh one for the next request; a crash fails only the crashed worker's request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import { ReaderPool } from './pool.js';
import { SLOW_MS } from './test-slow-worker.js';

const SLOW_WORKER = new URL('./test-slow-worker.js', import.meta.url);

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(10);
  return check();
}

describe('reader pool on demand', () => {
  let dir: string;
  let quick: string;
  let slow: string;
  before(() => {
    dir = tempDir('paraweb-pool-');
    quick = path.join(dir, 'quick.mp3');
    slow = path.join(dir, 'a.slow.mp3');
    fs.copyFileSync(fixture('cbr128.mp3'), quick);
    fs.copyFileSync(fixture('cbr128.mp3'), slow);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no worker before the first request; close() then returns at once', async () => {
    const pool = new ReaderPool({ size: 2 });
    assert.equal(pool.liveWorkers, 0);
    const t0 = performance.now();
    await pool.close();
    assert.ok(performance.now() - t0 < 50, `close took ${performance.now() - t0} ms`);
  });

  test('a worker lives while its request runs, past idleMs, and stops idleMs after', async () => {
    const idleMs = 100;
    const pool = new ReaderPool({ size: 1, idleMs, workerUrl: SLOW_WORKER });
    // the threads themselves, not only the pool's count: each must really end
    const exited: Promise<number>[] = [];
    const onWorker = (w: Worker): void => {
      exited.push(new Promise((resolve) => w.once('exit', resolve)));
    };
    process.on('worker', onWorker);
    try {
      const running = pool.parse([{ path: slow, force: false }]);
      assert.equal(pool.liveWorkers, 1);
      // the request takes SLOW_MS, four times idleMs: the idle timer must not run meanwhile
      await sleep(SLOW_MS / 2);
      assert.equal(pool.liveWorkers, 1);
      const [r] = await running;
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.equal(pool.liveWorkers, 1, 'kept for idleMs after the answer');
      assert.ok(await waitFor(() => pool.liveWorkers === 0, idleMs + 1000), 'stopped when idle');
      assert.equal(exited.length, 1);
      await exited[0];
      // a request after the worker stopped gets a fresh one
      const [again] = await pool.parse([{ path: quick, force: false }]);
      assert.equal(again?.ok, true, JSON.stringify(again));
      assert.equal(pool.liveWorkers, 1);
      assert.equal(exited.length, 2);
    } finally {
      await pool.close();
      process.off('worker', onWorker);
    }
    assert.equal(pool.liveWorkers, 0);
    await Promise.all(exited);
  });

  test('requests arriving around the moment a worker goes idle are all answered', async () => {
    const idleMs = 30;
    const pool = new ReaderPool({ size: 1, idleMs, workerUrl: SLOW_WORKER });
    let exits = 0;
    try {
      for (let i = 0; i < 40; i++) {
        const [r] = await pool.parse([{ path: quick, force: false }]);
        assert.equal(r?.ok, true, `request ${i}: ${JSON.stringify(r)}`);
        // pauses from just under to just over idleMs: some requests meet a retiring worker's timer
        await sleep(idleMs - 10 + (i % 21));
        if (pool.liveWorkers === 0) exits++;
      }
    } finally {
      await pool.close();
    }
    assert.ok(exits > 0, 'some pauses outlasted idleMs');
  });

  test('concurrent requests start up to `size` workers; all stop when idle', async () => {
    const pool = new ReaderPool({ size: 2, idleMs: 100, workerUrl: SLOW_WORKER });
    try {
      const jobs = [1, 2, 3].map(() => pool.parse([{ path: slow, force: false }]));
      assert.equal(pool.liveWorkers, 2);
      for (const [r] of await Promise.all(jobs)) assert.equal(r?.ok, true);
      assert.ok(await waitFor(() => pool.liveWorkers === 0, 2000));
    } finally {
      await pool.close();
    }
  });

  test('a crashed worker fails its request only; the next request gets a fresh worker', async () => {
    const pool = new ReaderPool({ size: 1, workerUrl: SLOW_WORKER });
    // the workers are unref'd: with nothing else pending, a test's loop could end before 'exit'
    const alive = setInterval(() => {}, 1000);
    try {
      const crash = path.join(dir, 'b.crash.mp3');
      fs.copyFileSync(fixture('cbr128.mp3'), crash);
      const [r] = await pool.parse([{ path: crash, force: false }]);
      assert.deepEqual(r, { path: crash, ok: false, error: 'reader exited with code 3' });
      assert.equal(pool.liveWorkers, 0);
      const [again] = await pool.parse([{ path: quick, force: false }]);
      assert.equal(again?.ok, true);
    } finally {
      clearInterval(alive);
      await pool.close();
    }
  });

  test('close() fails what is pending and stops the workers', async () => {
    const pool = new ReaderPool({ size: 1, workerUrl: SLOW_WORKER });
    const running = pool.parse([{ path: slow, force: false }]);
    await pool.close();
    const [r] = await running;
    assert.deepEqual(r, { path: slow, ok: false, error: 'reader closed' });
    assert.equal(pool.liveWorkers, 0);
    await assert.rejects(pool.parse([{ path: quick, force: false }]), /reader pool closed/);
  });
});
