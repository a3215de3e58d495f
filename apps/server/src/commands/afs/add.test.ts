// add against real files made by real encoders, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, tempDir } from '../../../test/db.js';
import { fixtures } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const GOOD = [
  'cbr128.mp3',
  'vbr.mp3',
  'vorbis.ogg',
  'opus.opus',
  'flac.flac',
  'aac.m4a',
  'wma.wma',
];
const BROKEN = ['truncated.mp3', 'random.mp3', 'empty.mp3', 'text.flac', 'random.ogg'];

function library(): string {
  const dir = tempDir('paraweb-lib-');
  fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  for (const f of GOOD) fs.copyFileSync(path.join(fixtures(), f), path.join(dir, 'a', f));
  for (const f of BROKEN) fs.copyFileSync(path.join(fixtures(), f), path.join(dir, 'a', 'b', f));
  fs.writeFileSync(path.join(dir, 'a', 'notes.txt'), 'not audio');
  return dir;
}

for (const kind of DB_KINDS) {
  describe(`add (${kind})`, () => {
    let h: Harness;
    let lib: string;
    before(async () => {
      h = await harness(kind);
      lib = library();
    });
    after(async () => {
      await h.close();
      fs.rmSync(lib, { recursive: true, force: true });
    });

    test('scans recursively, adds good files, reports and skips broken ones', async () => {
      const r = await h.run(['add', lib]);
      const out = r.output as { added: number; skipped: number; errors: { path: string }[] };
      assert.equal(out.added, GOOD.length);
      assert.equal(out.skipped, BROKEN.length);
      assert.deepEqual(out.errors.map((e) => path.basename(e.path)).sort(), [...BROKEN].sort());
      assert.equal(h.afs.files.size, GOOD.length);
      assert.match(r.text, /7 added/);
      assert.ok(r.log.some((l) => l.startsWith('could not add') && l.includes('random.mp3')));
      // files not added make the command fail (doors: error text, non-zero exit), bounded
      assert.match(
        r.failure ?? '',
        /^add: 5 files not added: \/\S+: [^;]+; \S+: [^;]+; \S+: [^;]+; and 2 more$/,
      );
      const ls = await h.run(['ls']);
      assert.equal(
        ls.text,
        [...GOOD]
          .sort()
          .map((f) => `${f}\n`)
          .join(''),
      );
      const mp3 = h.afs.files.getByPath(path.join(lib, 'a', 'cbr128.mp3'))!;
      assert.equal(mp3.artist, 'Test Artist');
      assert.equal(mp3.hash.length, 40);
      assert.ok(mp3.chunksTotal > 100);
      assert.ok(Math.abs(mp3.lastPlayed - (Date.now() / 1000 - 365 * 86400)) < 60);
      const ct = await h.afs.files.chunkTable(mp3.id);
      assert.equal(ct?.offsets.length, mp3.chunksTotal + 1);
    });

    test('one file that cannot be added: the failure says which and why', async () => {
      const bad = path.join(lib, 'a', 'b', 'text.flac');
      const r = await h.run(['add', bad]);
      assert.match(r.failure ?? '', new RegExp(`^add: 1 file not added: ${bad}: \\S`));
      const good = await h.run(['add', path.join(lib, 'a', 'vbr.mp3')]);
      assert.equal(good.failure, undefined);
    });

    test('a second add changes nothing; -l skips known paths without reading', async () => {
      const again = (await h.run(['add', '-v', lib])).output as {
        unchanged: number;
        added: number;
      };
      assert.equal(again.unchanged, GOOD.length);
      assert.equal(again.added, 0);
      const lazy = await h.run(['add', '-l', '-v', lib]);
      assert.equal((lazy.output as { lazyIgnored: number }).lazyIgnored, GOOD.length);
      assert.ok(lazy.log.some((l) => l.startsWith('lazy-ignore:')));
    });

    test('a moved file keeps its statistics; a copy is a duplicate', async () => {
      const from = path.join(lib, 'a', 'vbr.mp3');
      await h.run(['touch', '-n', '7', from]);
      const to = path.join(lib, 'moved.mp3');
      fs.renameSync(from, to);
      const r = await h.run(['add', lib]);
      assert.equal((r.output as { renamed: number }).renamed, 1);
      assert.equal(h.afs.files.getByPath(from), undefined);
      assert.equal(h.afs.files.getByPath(to)?.numPlayed, 7);
      fs.copyFileSync(to, path.join(lib, 'copy.mp3'));
      const d = await h.run(['add', lib]);
      assert.equal((d.output as { duplicates: number }).duplicates, 1);
      assert.equal(h.afs.files.getByPath(path.join(lib, 'copy.mp3')), undefined);
      assert.ok(d.log.some((l) => l.includes('duplicate of')));
    });

    test('changed content keeps the statistics and replaces the format info', async () => {
      const p = path.join(lib, 'a', 'cbr128.mp3');
      await h.run(['touch', '-n', '3', p]);
      const before = h.afs.files.getByPath(p)!;
      fs.copyFileSync(path.join(fixtures(), 'id3v1.mp3'), p);
      const r = await h.run(['add', p]);
      assert.equal((r.output as { updated: number }).updated, 1);
      const now = h.afs.files.getByPath(p)!;
      assert.notEqual(now.hash, before.hash);
      assert.equal(now.id, before.id);
      assert.equal(now.numPlayed, 3);
      assert.match(now.techinfo, /v1/);
    });

    test('-a considers every file; non-audio files are skipped with a reason', async () => {
      const r = await h.run(['add', '-a', lib]);
      const out = r.output as { errors: { path: string; reason: string }[] };
      const txt = out.errors.find((e) => e.path.endsWith('notes.txt'));
      assert.match(txt?.reason ?? '', /not recognized/);
    });

    test('bad paths are refused before anything is done', async () => {
      const n = h.afs.files.size;
      assert.equal((await h.fail(['add', 'relative/path'])).code, 'E_INVALID');
      const missing = await h.fail(['add', lib, path.join(lib, 'nope')]);
      assert.equal(missing.code, 'E_NOT_FOUND');
      assert.match(missing.message, /no such file or directory/);
      assert.equal((await h.fail(['add'])).code, 'E_SYNTAX');
      assert.equal((await h.fail(['add', '-x', lib])).code, 'E_SYNTAX');
      assert.equal(h.afs.files.size, n);
    });

    test('the database holds what memory holds (reload from disk)', async () => {
      const before = [...h.afs.files.all()].sort((a, b) => a.id - b.id);
      await h.afs.reload();
      const after = [...h.afs.files.all()].sort((a, b) => a.id - b.id);
      assert.deepEqual(after, before);
    });
  });
}
