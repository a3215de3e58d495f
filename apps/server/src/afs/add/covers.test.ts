// Cover art at add: pictures embedded in the files (APIC, PICTURE, METADATA_BLOCK_PICTURE, covr)
// and a folder's cover/folder/front image become image blobs, one per distinct picture, attached
// to each file that has no image yet.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const LAYOUT: Record<string, string[]> = {
  embedded: ['cbr128.mp3', 'flac.flac', 'opus.opus', 'vorbis-cover.ogg', 'aac-cover.m4a'],
  folder: ['vorbis.ogg', 'vbr.mp3'],
  front: ['notags.mp3'],
  bare: ['aac.m4a'],
};

for (const kind of DB_KINDS) {
  describe(`covers at add (${kind})`, () => {
    let h: Harness;
    let lib: string;
    const file = (dir: string, name: string) => h.afs.files.getByPath(path.join(lib, dir, name))!;
    const image = async (id: number) => Buffer.from((await h.afs.blobs.img.getById(id))!);
    before(async () => {
      h = await harness(kind);
      lib = tempDir('paraweb-covers-');
      for (const [dir, names] of Object.entries(LAYOUT)) {
        fs.mkdirSync(path.join(lib, dir));
        for (const n of names) fs.copyFileSync(fixture(n), path.join(lib, dir, n));
      }
      // a PNG under a .JPG name: the type comes from the bytes
      fs.copyFileSync(fixture('picture.png'), path.join(lib, 'folder', 'Folder.JPG'));
      fs.copyFileSync(fixture('lossless.webp'), path.join(lib, 'front', 'front.webp'));
      fs.writeFileSync(path.join(lib, 'front', 'cover.txt'), 'not a cover');
      fs.writeFileSync(path.join(lib, 'bare', 'cover.jpg'), 'not an image either');
      // an image the user uploaded before: a picture with its content is not stored again
      await h.run(['addimg', 'mine'], { data: fs.readFileSync(fixture('navy.jpg')) });
      await h.run(['add', lib]);
    });
    after(async () => {
      await h.close();
      fs.rmSync(lib, { recursive: true, force: true });
    });

    test('each embedded picture, the same picture once', async () => {
      const mp3 = file('embedded', 'cbr128.mp3');
      assert.notEqual(mp3.imageId, 0);
      for (const n of ['flac.flac', 'opus.opus'])
        assert.equal(file('embedded', n).imageId, mp3.imageId);
      assert.ok((await image(mp3.imageId)).equals(fs.readFileSync(fixture('cover.jpg'))));
      assert.match(h.afs.blobs.img.nameOf(mp3.imageId)!, /^Test Artist - Test Album [0-9a-f]{8}$/);
      const ogg = file('embedded', 'vorbis-cover.ogg');
      assert.equal(h.afs.blobs.img.nameOf(ogg.imageId), 'mine');
      const m4a = file('embedded', 'aac-cover.m4a');
      assert.ok((await image(m4a.imageId)).equals(fs.readFileSync(fixture('orange.png'))));
    });

    test("a folder's cover for the files without a picture of their own", async () => {
      const id = file('folder', 'vorbis.ogg').imageId;
      assert.notEqual(id, 0);
      assert.equal(file('folder', 'vbr.mp3').imageId, id);
      assert.ok((await image(id)).equals(fs.readFileSync(fixture('picture.png'))));
      const front = file('front', 'notags.mp3').imageId;
      assert.ok((await image(front)).equals(fs.readFileSync(fixture('lossless.webp'))));
      assert.equal(file('bare', 'aac.m4a').imageId, 0, 'a cover.jpg that is no image is not used');
      // mine, cover.jpg, orange.png, Folder.JPG, front.webp
      assert.equal(h.afs.blobs.img.list().length, 5);
    });

    test('an image already attached stays; adding again stores nothing new', async () => {
      const mp3 = path.join(lib, 'embedded', 'cbr128.mp3');
      const mine = h.afs.blobs.img.idOf('mine')!;
      await h.run(['touch', '-i', String(mine), mp3]);
      await h.run(['add', '-f', lib]);
      assert.equal(h.afs.files.getByPath(mp3)!.imageId, mine);
      await h.run(['add', lib]);
      assert.equal(h.afs.blobs.img.list().length, 5);
      // an image that was removed: the next forced add finds the cover again
      await h.run(['touch', '-i', '0', path.join(lib, 'folder', 'vbr.mp3')]);
      await h.run(['add', '-f', path.join(lib, 'folder')]);
      assert.equal(file('folder', 'vbr.mp3').imageId, file('folder', 'vorbis.ogg').imageId);
    });
  });
}
