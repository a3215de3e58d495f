// What add refuses per file, with a clear reason, while it adds the rest: anything that is not a
// regular file (a FIFO must not block a reader), and names ls, stat and playlists could not keep.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { ReaderPool } from '../reader/index.js';

interface Out {
  added: number;
  skipped: number;
  errors: { path: string; reason: string }[];
}

describe('add refuses per file', () => {
  let h: Harness;
  let lib: string;
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-refuse-');
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test(
    'a FIFO named on the command line: refused at once, the next add works',
    {
      timeout: 20_000,
    },
    async () => {
      const fifo = path.join(lib, 'pipe.mp3');
      execFileSync('mkfifo', [fifo]);
      const good = path.join(lib, 'good.mp3');
      fs.copyFileSync(fixture('cbr128.mp3'), good);
      // twice: two blocked readers were enough to stop every file change
      for (let i = 0; i < 2; i++) {
        const out = (await h.run(['add', fifo, good])).output as Out;
        assert.deepEqual(out.errors, [{ path: fifo, reason: 'not a regular file' }]);
      }
      assert.ok(h.afs.files.getByPath(good));
      fs.rmSync(fifo);
    },
  );

  test('a reader refuses a FIFO without waiting for a writer', { timeout: 20_000 }, async () => {
    const fifo = path.join(lib, 'raced.ogg');
    execFileSync('mkfifo', [fifo]);
    const reader = new ReaderPool({ size: 1 });
    try {
      const [r] = await reader.parse([{ path: fifo, force: false }]);
      assert.deepEqual(r, { path: fifo, ok: false, error: 'not a regular file' });
      const o = await reader.open({ path: fifo, hash: '0'.repeat(40), format: 0, headerLen: 0 });
      assert.deepEqual(o, { ok: false, error: 'not a regular file', kind: 'changed' });
    } finally {
      await reader.close();
      fs.rmSync(fifo);
    }
  });

  test('names with a newline, a control character or trailing space, found by a scan', async () => {
    const dir = path.join(lib, 'scan');
    fs.mkdirSync(path.join(dir, 'sub\ndir'), { recursive: true });
    const names = ['ok.ogg', 'new\nline.ogg', 'tab\there.ogg', 'space .ogg', 'trailing.ogg '];
    const content = ['vorbis.ogg', 'opus.opus', 'flac.flac', 'vbr.mp3', 'cbr128.mp3'];
    names.forEach((n, i) => fs.copyFileSync(fixture(content[i]!), path.join(dir, n)));
    fs.copyFileSync(fixture('wma.wma'), path.join(dir, 'sub\ndir', 'inside.wma'));
    const out = (await h.run(['add', '-a', dir])).output as Out;
    const reasons = Object.fromEntries(out.errors.map((e) => [path.basename(e.path), e.reason]));
    const keep = '; not added (ls, stat and playlists could not name it)';
    assert.deepEqual(reasons, {
      'new\nline.ogg': `the name contains a newline${keep}`,
      'tab\there.ogg': `the name contains a control character (U+0009)${keep}`,
      'trailing.ogg ': `the name ends in white space${keep}`,
      'sub\ndir': `the name contains a newline${keep}`,
    });
    assert.ok(h.afs.files.getByPath(path.join(dir, 'ok.ogg')));
    assert.ok(h.afs.files.getByPath(path.join(dir, 'space .ogg')), 'inner space is fine');
    const ls = await h.run(['ls', '-p', `${dir}/*`]);
    assert.equal(ls.text, `${path.join(dir, 'ok.ogg')}\n${path.join(dir, 'space .ogg')}\n`);
  });

  test('a name that is not valid UTF-8, found by a scan', async () => {
    const dir = path.join(lib, 'latin1');
    fs.mkdirSync(dir);
    // "café.mp3" in Latin-1: a name no string of the database could hold
    const raw = Buffer.concat([
      Buffer.from(`${dir}/caf`),
      Buffer.from([0xe9]),
      Buffer.from('.mp3'),
    ]);
    fs.copyFileSync(fixture('mono22.mp3'), raw);
    const out = (await h.run(['add', dir])).output as Out;
    assert.equal(out.added, 0);
    assert.equal(out.errors.length, 1);
    assert.match(out.errors[0]!.reason, /^the name is not valid UTF-8; not added/);
  });

  test('a path with a newline given to add: refused for itself, the others are added', async () => {
    const good = path.join(lib, 'arg-good.m4a');
    fs.copyFileSync(fixture('aac.m4a'), good);
    const bad = path.join(lib, 'arg\nbad.mp3');
    const r = await h.run(['add', bad, good]);
    const out = r.output as Out;
    assert.deepEqual(
      out.errors.map((e) => e.path),
      [bad],
    );
    assert.match(out.errors[0]!.reason, /^the name contains a newline; not added/);
    assert.ok(h.afs.files.getByPath(good));
    assert.ok(r.log.some((l) => l.startsWith(`could not add ${bad}`)));
  });
});
