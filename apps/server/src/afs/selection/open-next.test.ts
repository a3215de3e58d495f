// openNext: the best admissible file, checked and counted as played.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

describe('openNext', () => {
  let h: Harness;
  let lib: string;
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-open-');
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('nothing admissible: undefined', async () => {
    assert.equal(await h.afs.openNext(), undefined);
  });

  test('the best file comes with its bytes, chunk table and header, and is counted', async () => {
    for (const f of ['vorbis.ogg', 'cbr128.mp3']) fs.copyFileSync(fixture(f), path.join(lib, f));
    await h.run(['add', lib]);
    await h.run(['touch', '-l', '100', path.join(lib, 'vorbis.ogg')]); // played long ago
    await h.run(['select', 'dummy']); // a reload scores every file afresh: vorbis is best
    const o = (await h.afs.openNext())!;
    assert.equal(o.file.path, path.join(lib, 'vorbis.ogg'));
    assert.equal(o.file.numPlayed, 1);
    assert.equal(o.previousLastPlayed, 100);
    assert.ok(Math.abs(o.file.lastPlayed - Date.now() / 1000) < 5);
    assert.deepEqual(Buffer.from(o.data), fs.readFileSync(path.join(lib, 'vorbis.ogg')));
    assert.equal(o.chunkTable.length, o.file.chunksTotal + 1);
    assert.ok(o.header && o.header.length > 0 && o.header.length <= o.file.headerLen);
    const mp3 = (await h.afs.openNext())!;
    assert.equal(mp3.file.path, path.join(lib, 'cbr128.mp3'));
    assert.equal(mp3.header, undefined);
  });

  test('a changed or missing file is skipped with a message', async () => {
    fs.writeFileSync(path.join(lib, 'cbr128.mp3'), 'changed');
    await h.run(['touch', '-l', '1', path.join(lib, 'cbr128.mp3')]);
    await h.run(['select', 'dummy']);
    const lines: string[] = [];
    const o = (await h.afs.openNext((l) => lines.push(l)))!;
    assert.equal(o.file.path, path.join(lib, 'vorbis.ogg'));
    assert.match(lines.join('\n'), /cbr128\.mp3: hash mismatch, skipped/);
  });
});
