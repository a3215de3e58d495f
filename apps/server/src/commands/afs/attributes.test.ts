// Attribute commands: bit allocation, the 64 limit, setatt, rmatt clearing bits everywhere.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, tempDir } from '../../../test/db.js';
import { fixtures } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

for (const kind of DB_KINDS) {
  describe(`attributes (${kind})`, () => {
    let h: Harness;
    let lib: string;
    before(async () => {
      h = await harness(kind);
      lib = tempDir('paraweb-att-');
      for (const f of ['cbr128.mp3', 'vorbis.ogg'])
        fs.copyFileSync(path.join(fixtures(), f), path.join(lib, f));
      await h.run(['add', lib]);
    });
    after(async () => {
      await h.close();
      fs.rmSync(lib, { recursive: true, force: true });
    });

    test('addatt hands out the lowest free bits; lsatt lists them', async () => {
      const r = await h.run(['addatt', 'rock', 'jazz', 'pop']);
      assert.equal(r.text, 'added rock as bit 0\nadded jazz as bit 1\nadded pop as bit 2\n');
      assert.equal((await h.run(['lsatt'])).text, 'jazz\npop\nrock\n');
      assert.equal((await h.run(['lsatt', '-l', '-i'])).text, '0\trock\n1\tjazz\n2\tpop\n');
      assert.equal((await h.run(['lsatt', '-r', 'p*'])).text, 'pop\n');
    });

    test('bad names and duplicates are refused and change nothing', async () => {
      assert.equal((await h.fail(['addatt', 'new', 'rock'])).code, 'E_EXISTS');
      assert.equal((await h.fail(['addatt', 'bad+'])).code, 'E_INVALID');
      assert.equal((await h.fail(['addatt', 'x', 'x'])).code, 'E_EXISTS');
      assert.equal(h.afs.attributes.bit('new'), undefined);
    });

    test('attribute names follow one rule, with an error that says what is wrong', async () => {
      const refused = async (argv: string[], message: RegExp): Promise<void> => {
        const err = await h.fail(argv);
        assert.equal(err.code, 'E_INVALID');
        assert.match(err.message, message);
      };
      await refused(['addatt', 'live-'], /'live-': .*must not end in \+ or -/);
      await refused(['addatt', 'a'.repeat(65)], /at most 64 characters \(this one has 65\)/);
      await refused(['addatt', 'two words'], /'two words': .*must not contain spaces/);
      await refused(['addatt', 'tab\there'], /must not contain spaces or control characters/);
      await refused(['addatt', 'say"hi'], /must not contain '"'/);
      await refused(['addatt', 'ro*ck'], /must not contain '\*'/);
      await refused(['addatt', 'a/b'], /must not contain '\/'/);
      // the rename checks the new name too
      await refused(['mvatt', 'rock', 'rock+'], /'rock\+': .*must not end in/);
      assert.equal(h.afs.attributes.bit('two words'), undefined);
      // what the rule allows: 64 characters, inner + and -, letters of any script
      await h.run(['addatt', 'b'.repeat(64), 'hi-fi', 'a+b', 'Björk_fav']);
      await h.run(['rmatt', 'b'.repeat(64), 'hi-fi', 'a+b', 'Björk_fav']);
    });

    test('setatt sets and clears; ls shows the names', async () => {
      await h.run(['setatt', 'rock+', 'pop+', `${lib}/*.mp3`]);
      await h.run(['setatt', 'jazz+', `${lib}/*`]);
      await h.run(['setatt', 'pop-', `${lib}/*`]);
      const mp3 = h.afs.files.getByPath(path.join(lib, 'cbr128.mp3'))!;
      assert.deepEqual(h.afs.attributes.names(mp3.attributes), ['rock', 'jazz']);
      assert.equal((await h.fail(['setatt', 'nosuch+', `${lib}/*`])).code, 'E_NOT_FOUND');
      assert.equal((await h.fail(['setatt', 'rock+', '/nowhere/*'])).code, 'E_NO_MATCH');
    });

    test('rmatt clears the bit in every file, in memory and on disk; the bit is reused', async () => {
      await h.run(['rmatt', 'jazz']);
      for (const f of h.afs.files.all()) assert.equal(f.attributes & 2n, 0n);
      await h.afs.reload();
      for (const f of h.afs.files.all()) assert.equal(f.attributes & 2n, 0n);
      assert.equal(h.afs.attributes.bit('rock'), 0);
      assert.equal((await h.run(['addatt', 'blues'])).text, 'added blues as bit 1\n');
    });

    test('mvatt keeps the bit', async () => {
      await h.run(['mvatt', 'blues', 'soul']);
      assert.equal(h.afs.attributes.bit('soul'), 1);
      assert.equal((await h.fail(['mvatt', 'nosuch', 'x'])).code, 'E_NOT_FOUND');
      assert.equal((await h.fail(['mvatt', 'soul', 'rock'])).code, 'E_EXISTS');
    });

    test('at most 64 attributes: the 65th is refused with a clear error', async () => {
      const have = h.afs.attributes.entries().length;
      const names = Array.from({ length: 64 - have }, (_, i) => `a${i}`);
      await h.run(['addatt', ...names]);
      assert.equal(h.afs.attributes.entries().length, 64);
      const err = await h.fail(['addatt', 'one-too-many']);
      assert.equal(err.code, 'E_FULL');
      assert.match(err.message, /attribute table full/);
      // bit 63 works end to end (the sign bit of the database column)
      const last = h.afs.attributes.entries().find(([, bit]) => bit === 63)![0];
      await h.run(['setatt', `${last}+`, `${lib}/*`]);
      await h.afs.reload();
      for (const f of h.afs.files.all()) assert.equal(f.attributes >> 63n, 1n);
    });
  });
}
