// Bad conditions: a file that vanishes mid-scan, a read-only and a locked database. Each gives a
// clear error, nothing is half-written, and the tables stay usable.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { ReaderPool } from './reader/index.js';

describe('failures', () => {
  let h: Harness;
  let lib: string;
  before(async () => {
    h = await harness('sqlite');
    lib = tempDir('paraweb-fail-');
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('a parse worker reports a vanished file instead of failing the batch', async () => {
    const pool = new ReaderPool({ size: 1 });
    try {
      const [gone, ok] = await pool.parse([
        { path: path.join(lib, 'gone.mp3'), force: false },
        { path: fixture('cbr128.mp3'), force: false },
      ]);
      assert.deepEqual(gone, {
        path: path.join(lib, 'gone.mp3'),
        ok: false,
        error: 'file vanished',
      });
      assert.equal(ok?.ok, true);
    } finally {
      await pool.close();
    }
  });

  test('a file deleted while add runs is reported and the scan goes on', async () => {
    const dir = path.join(lib, 'many');
    fs.mkdirSync(dir);
    const names = Array.from({ length: 400 }, (_, i) => `t${String(i).padStart(3, '0')}.mp3`);
    for (const n of names) fs.copyFileSync(fixture('mono22.mp3'), path.join(dir, n));
    fs.copyFileSync(fixture('vorbis.ogg'), path.join(dir, 'z-last.ogg'));
    const victim = path.join(dir, 'z-last.ogg');
    let deleted = false;
    // The walk lists the directory first; the last file is deleted as soon as the first result
    // comes back, long before a worker gets to it.
    const report = await h.afs.add(
      [dir],
      { all: false, lazy: false, force: false, verbose: true },
      {
        log: () => {
          if (!deleted) {
            fs.rmSync(victim);
            deleted = true;
          }
        },
      },
    );
    assert.ok(deleted);
    assert.deepEqual(report.errors, [{ path: victim, reason: 'file vanished' }]);
    assert.equal(report.added, 1);
    assert.equal(report.duplicates, 399);
  });

  test('a read-only database: clear error, memory unchanged, usable again afterwards', async () => {
    const { prisma } = h.tdb.db;
    await prisma.$executeRawUnsafe('PRAGMA query_only = ON');
    try {
      const e = await h.fail(['addatt', 'ro']);
      assert.equal(e.code, 'E_DB');
      assert.match(e.message, /database unavailable: .*readonly/);
      assert.equal(h.afs.attributes.bit('ro'), undefined);
      fs.copyFileSync(fixture('flac.flac'), path.join(lib, 'ro.flac'));
      const before = h.afs.files.size;
      const add = await h.fail(['add', path.join(lib, 'ro.flac')]);
      assert.equal(add.code, 'E_DB');
      assert.equal(h.afs.files.size, before);
    } finally {
      await prisma.$executeRawUnsafe('PRAGMA query_only = OFF');
    }
    await h.run(['addatt', 'ro']);
    await h.afs.reload();
    assert.equal(h.afs.attributes.bit('ro'), 0);
  });

  test('a database locked by another process: clear error after the busy timeout', async () => {
    const file = h.tdb.url.replace(/^file:/, '');
    const other = new Sqlite(file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const e = await h.fail(['addatt', 'locked']);
      assert.equal(e.code, 'E_DB');
      assert.match(e.message, /locked|busy/i);
      assert.equal(h.afs.attributes.bit('locked'), undefined);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await h.run(['addatt', 'locked']);
    assert.ok(h.afs.attributes.bit('locked') !== undefined);
  });
});
