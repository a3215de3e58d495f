// The WAL checkpoints run in a worker that runs only when the log changed and has grown past a
// threshold or waited long enough: data reaches the database file while the main connection
// never checkpoints, an idle database has no worker, small writes start none until the log is big
// or old enough, the log stays bounded under steady writes, a worker that dies gives checkpoints
// back to the main connection, and closing leaves an empty log. `walBytes: 0`: any change.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { freshDatabase } from '../../test/db.js';
import type { Database } from './client.js';
import { sqliteFile, startCheckpointer } from './checkpointer.js';

const MB = 1 << 20;

async function writeMegabytes(db: Database, n: number) {
  await db.prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  for (let i = 0; i < n; i++)
    await db.prisma.$executeRawUnsafe('INSERT INTO filler (b) VALUES (?)', Buffer.alloc(MB, i));
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

async function autocheckpoint(db: Database): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<{ wal_autocheckpoint: number }[]>(
    'PRAGMA wal_autocheckpoint',
  );
  return Number(rows[0]?.wal_autocheckpoint);
}

/**
 * A query's rows (JSON) read from a copy of the database file without its log: what checkpoints
 * have copied in so far. undefined while that is not there (or the copy caught a page mid-write).
 */
function fileAlone(file: string, sql: string): string | undefined {
  const copy = `${file}.alone`;
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(file, copy);
  const db = new Sqlite(copy);
  try {
    return JSON.stringify(db.prepare(sql).all());
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/** the checkpoint workers started from now on (process 'worker' sees every new thread) */
function watchWorkers(): { started: Worker[]; online: Set<Worker>; stop(): void } {
  const started: Worker[] = [];
  const online = new Set<Worker>();
  const on = (w: Worker): void => {
    started.push(w);
    w.once('online', () => online.add(w));
  };
  process.on('worker', on);
  return { started, online, stop: () => process.off('worker', on) };
}

test('the worker checkpoints the log into the database file; close truncates the log', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  try {
    const cp = startCheckpointer(t.db, { intervalMs: 50, walBytes: 0 });
    assert.ok(cp);
    // the migrations left a log: the first look starts a worker
    assert.ok(await waitFor(() => cp.live, 5000), 'a worker started');
    assert.ok(
      await waitFor(async () => (await autocheckpoint(t.db)) === 0, 5000),
      'the main connection does not checkpoint once a worker is online',
    );
    const before = fs.statSync(file).size;
    await writeMegabytes(t.db, 3);
    // the main connection wrote only the log: the database file grows when the worker checkpoints
    assert.ok(
      await waitFor(() => fs.statSync(file).size >= before + 3 * MB, 5000),
      `database file ${fs.statSync(file).size} bytes, was ${before}`,
    );
    await cp.close();
    assert.equal(cp.live, false);
    assert.equal(fs.statSync(`${file}-wal`).size, 0, 'close leaves an empty log');
    assert.equal(await autocheckpoint(t.db), 1000, 'the connection checkpoints by itself again');
    // the connection still works after the worker is gone
    await writeMegabytes(t.db, 1);
  } finally {
    await t.drop();
  }
});

test('no worker while nothing is written; a write brings one back and is checkpointed', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  const idleMs = 300;
  const workers = watchWorkers();
  const errors: string[] = [];
  const cp = startCheckpointer(t.db, {
    intervalMs: 50,
    idleMs,
    walBytes: 0,
    onError: (m) => errors.push(m),
  });
  assert.ok(cp);
  try {
    assert.ok(await waitFor(() => cp.live, 5000));
    assert.ok(await waitFor(() => !cp.live, idleMs + 5000), 'stopped when idle');
    const first = workers.started[0];
    assert.ok(first);
    assert.ok(
      await waitFor(() => first.threadId === -1, 5000),
      'the idle worker thread ended (threadId -1 once a worker has exited)',
    );
    // several looks at an unchanged log start nothing
    await new Promise((r) => setTimeout(r, 2 * idleMs));
    assert.equal(workers.started.length, 1);
    assert.equal(cp.live, false);
    assert.equal(await autocheckpoint(t.db), 0, 'an idle stop is no failure');
    // a write: a fresh worker copies it into the database file
    await t.db.prisma.$executeRawUnsafe('CREATE TABLE later (x INTEGER)');
    await t.db.prisma.$executeRawUnsafe('INSERT INTO later (x) VALUES (42)');
    assert.ok(await waitFor(() => workers.started.length === 2, 5000), 'a worker came back');
    assert.ok(
      await waitFor(() => fileAlone(file, 'SELECT x FROM later') === '[{"x":42}]', 5000),
      'the row reached the database file',
    );
    assert.deepEqual(errors, []);
  } finally {
    workers.stop();
    await cp.close();
    await t.drop();
  }
});

test('a worker that dies gives the checkpoints back to the main connection', async () => {
  const t = await freshDatabase('sqlite');
  const workers = watchWorkers();
  const errors: string[] = [];
  const cp = startCheckpointer(t.db, {
    intervalMs: 50,
    walBytes: 0,
    onError: (m) => errors.push(m),
  });
  assert.ok(cp);
  try {
    assert.ok(await waitFor(() => workers.online.size === 1, 5000));
    const [worker] = workers.started;
    assert.ok(worker);
    await worker.terminate();
    assert.ok(
      await waitFor(async () => (await autocheckpoint(t.db)) === 1000, 5000),
      'wal_autocheckpoint is back to 1000',
    );
    assert.equal(cp.live, false);
    assert.match(errors.join('\n'), /checkpoint worker exited with code 1; SQLite checkpoints/);
    // no new worker after that: the main connection keeps the job
    await writeMegabytes(t.db, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(workers.started.length, 1);
  } finally {
    workers.stop();
    await cp.close();
    await t.drop();
  }
});

test('small writes start no worker until the log passes walBytes; steady writes keep it bounded', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  const workers = watchWorkers();
  const errors: string[] = [];
  const walBytes = 2 * MB;
  const cp = startCheckpointer(t.db, {
    intervalMs: 50,
    idleMs: 200,
    walBytes,
    maxDelayMs: 60_000,
    onError: (m) => errors.push(m),
  });
  assert.ok(cp);
  try {
    assert.ok(
      await waitFor(async () => (await autocheckpoint(t.db)) === 0, 5000),
      'the main connection leaves checkpoints to the workers before any has started',
    );
    // small writes, as the audience's every 2 s: the log changes, stays small, no worker
    await t.db.prisma.$executeRawUnsafe('CREATE TABLE small (x INTEGER)');
    for (let i = 0; i < 20; i++) {
      await t.db.prisma.$executeRawUnsafe('INSERT INTO small (x) VALUES (?)', i);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(workers.started.length, 0, 'no worker for a small log');
    assert.equal(fileAlone(file, 'SELECT count(*) AS n FROM small'), undefined, 'not checkpointed');
    // past the threshold: a worker checkpoints it, the small rows with it
    await writeMegabytes(t.db, 3);
    assert.ok(await waitFor(() => workers.started.length === 1, 5000), 'a worker started');
    assert.ok(
      await waitFor(
        () => fileAlone(file, 'SELECT count(*) AS n FROM small') === '[{"n":20}]',
        5000,
      ),
      'the small rows reached the database file',
    );
    // steady writes: each restart of the log truncates it, so it stays near the threshold
    let largest = 0;
    for (let i = 0; i < 24; i++) {
      await writeMegabytes(t.db, 1);
      await new Promise((r) => setTimeout(r, 60));
      largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
    }
    assert.ok(largest <= walBytes + 3 * MB, `log at most ${largest} bytes after 24 MB written`);
    // once checkpointed and idle, small writes again start nothing: the log was truncated when
    // it started again, so its size is theirs, not the high-water mark of the big writes
    assert.ok(await waitFor(() => !cp.live, 5000), 'the worker stopped when idle');
    const before = workers.started.length;
    for (let i = 0; i < 5; i++)
      await t.db.prisma.$executeRawUnsafe('INSERT INTO small (x) VALUES (1)');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(fs.statSync(`${file}-wal`).size < MB, 'the log holds only the small writes');
    assert.equal(workers.started.length, before, 'no worker for them');
    assert.deepEqual(errors, []);
  } finally {
    workers.stop();
    await cp.close();
    await t.drop();
  }
});

test('a small change is checkpointed once it has waited maxDelayMs', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  const workers = watchWorkers();
  const maxDelayMs = 600;
  const cp = startCheckpointer(t.db, { intervalMs: 50, walBytes: 64 * MB, maxDelayMs });
  assert.ok(cp);
  try {
    await t.db.prisma.$executeRawUnsafe('CREATE TABLE later (x INTEGER)');
    await t.db.prisma.$executeRawUnsafe('INSERT INTO later (x) VALUES (7)');
    const wrote = Date.now();
    assert.ok(await waitFor(() => workers.started.length === 1, maxDelayMs + 5000));
    assert.ok(Date.now() - wrote >= maxDelayMs - 100, `a worker after ${Date.now() - wrote} ms`);
    assert.ok(
      await waitFor(() => fileAlone(file, 'SELECT x FROM later') === '[{"x":7}]', 5000),
      'the row reached the database file',
    );
  } finally {
    workers.stop();
    await cp.close();
    await t.drop();
  }
});

test('without a worker the main connection keeps the log to itself (the control case)', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  try {
    await t.db.prisma.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0');
    const before = fs.statSync(file).size;
    await writeMegabytes(t.db, 3);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(fs.statSync(file).size < before + MB, 'nothing checkpointed the log');
  } finally {
    await t.drop();
  }
});

test('PostgreSQL needs no checkpointer', async () => {
  const t = await freshDatabase('postgres');
  try {
    assert.equal(startCheckpointer(t.db), undefined);
  } finally {
    await t.drop();
  }
});
