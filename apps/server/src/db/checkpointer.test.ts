// The WAL checkpoints run in a worker: data reaches the database file while the main connection
// never checkpoints, and closing leaves an empty log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { freshDatabase } from '../../test/db.js';
import { sqliteFile, startCheckpointer } from './checkpointer.js';

const MB = 1 << 20;

async function writeMegabytes(db: Awaited<ReturnType<typeof freshDatabase>>['db'], n: number) {
  await db.prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  for (let i = 0; i < n; i++)
    await db.prisma.$executeRawUnsafe('INSERT INTO filler (b) VALUES (?)', Buffer.alloc(MB, i));
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

test('the worker checkpoints the log into the database file; close truncates the log', async () => {
  const t = await freshDatabase('sqlite');
  const file = sqliteFile(t.url);
  try {
    const cp = await startCheckpointer(t.db, { intervalMs: 50 });
    assert.ok(cp);
    const rows = await t.db.prisma.$queryRawUnsafe<{ wal_autocheckpoint: number }[]>(
      'PRAGMA wal_autocheckpoint',
    );
    assert.equal(Number(rows[0]?.wal_autocheckpoint), 0, 'the main connection does not checkpoint');
    const before = fs.statSync(file).size;
    await writeMegabytes(t.db, 3);
    // the main connection wrote only the log: the database file grows when the worker checkpoints
    assert.ok(
      await waitFor(() => fs.statSync(file).size >= before + 3 * MB, 5000),
      `database file ${fs.statSync(file).size} bytes, was ${before}`,
    );
    await cp.close();
    assert.equal(fs.statSync(`${file}-wal`).size, 0, 'close leaves an empty log');
    // the connection still works after the worker is gone
    await writeMegabytes(t.db, 1);
  } finally {
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
    assert.equal(await startCheckpointer(t.db), undefined);
  } finally {
    await t.drop();
  }
});
