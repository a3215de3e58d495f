// rm, touch, cpsi, check, init, help and permissions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture, fixtures } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { PERMS } from '../perms.js';

describe('file commands', () => {
  let h: Harness;
  let lib: string;
  const p = (f: string): string => path.join(lib, f);
  /** the id of the image cpsi copies and check then misses */
  let cover = 0;
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-files-');
    for (const f of ['cbr128.mp3', 'vbr.mp3', 'vorbis.ogg', 'flac.flac'])
      fs.copyFileSync(path.join(fixtures(), f), p(f));
    await h.run(['add', lib]);
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('touch without values counts as a play; with values sets them', async () => {
    const before = h.afs.files.getByPath(p('vbr.mp3'))!;
    await h.run(['touch', p('vbr.mp3')]);
    const played = h.afs.files.getByPath(p('vbr.mp3'))!;
    assert.equal(played.numPlayed, before.numPlayed + 1);
    assert.ok(Math.abs(played.lastPlayed - Date.now() / 1000) < 5);
    await h.run(['touch', '-n', '0x10', '-l', '12345', '-a', '64', '-v', `${lib}/*.mp3`]);
    for (const f of ['cbr128.mp3', 'vbr.mp3']) {
      const r = h.afs.files.getByPath(p(f))!;
      assert.deepEqual([r.numPlayed, r.lastPlayed, r.amp], [16, 12345, 64]);
    }
    assert.equal((await h.fail(['touch', '-a', '256', p('vbr.mp3')])).code, 'E_SYNTAX');
    assert.equal((await h.fail(['touch', '-n', 'many', p('vbr.mp3')])).code, 'E_SYNTAX');
    assert.equal((await h.fail(['touch', '-i', '9', p('vbr.mp3')])).code, 'E_NOT_FOUND');
    assert.equal((await h.fail(['touch', '/nowhere'])).code, 'E_NO_MATCH');
  });

  test('touch -p: wildcards do not cross /', async () => {
    const e = await h.fail(['touch', '-p', '-n', '1', `${path.dirname(lib)}/*.mp3`]);
    assert.equal(e.code, 'E_NO_MATCH');
    await h.run(['touch', '-n', '1', `${path.dirname(lib)}/*.mp3`]);
    assert.equal(h.afs.files.getByPath(p('cbr128.mp3'))!.numPlayed, 1);
  });

  test('cpsi copies chosen fields or all of them', async () => {
    await h.run(['addimg', 'cover'], { data: fs.readFileSync(fixture('picture.png')) });
    cover = h.afs.blobs.img.idOf('cover')!;
    await h.run(['addatt', 'loud']);
    await h.run(['setatt', 'loud+', p('flac.flac')]);
    await h.run(['touch', '-i', String(cover), '-n', '42', p('flac.flac')]);
    await h.run(['cpsi', '-i', p('flac.flac'), p('vorbis.ogg')]);
    let ogg = h.afs.files.getByPath(p('vorbis.ogg'))!;
    assert.equal(ogg.imageId, cover);
    assert.equal(ogg.numPlayed, 0);
    await h.run(['cpsi', p('flac.flac'), p('vorbis.ogg')]);
    ogg = h.afs.files.getByPath(p('vorbis.ogg'))!;
    assert.equal(ogg.numPlayed, 42);
    assert.equal(ogg.attributes, 1n);
    assert.equal((await h.fail(['cpsi', '/no/such.mp3', p('vorbis.ogg')])).code, 'E_NOT_FOUND');
  });

  test('check finds missing files and dangling image ids', async () => {
    const clean = await h.run(['check']);
    assert.match(clean.text, /: 0 problems\n$/);
    fs.rmSync(p('vbr.mp3'));
    await h.run(['rmimg', 'cover']);
    const r = await h.run(['check', '-a']);
    assert.match(r.text, /vbr\.mp3: no such file/);
    assert.match(r.text, new RegExp(`flac\\.flac: invalid image id ${cover}\n`));
    await h.run(['addpl', 'party'], {
      data: new TextEncoder().encode(`${p('flac.flac')}\n/not/in/db.mp3\n`),
    });
    assert.match(
      (await h.run(['check', '-p'])).text,
      /party: \/not\/in\/db\.mp3: not in the audio file table/,
    );
  });

  test('rm removes matching rows; -f tolerates no match', async () => {
    await h.run(['rm', '-v', p('vbr.mp3')]);
    assert.equal(h.afs.files.getByPath(p('vbr.mp3')), undefined);
    assert.equal((await h.fail(['rm', p('vbr.mp3')])).code, 'E_NO_MATCH');
    // 200,000 patterns: the error shows a few and the count, not every one of them
    const many = Array.from({ length: 200_000 }, (_, i) => `/no/such/dir/file-${i}.mp3`);
    const err = await h.fail(['rm', ...many]);
    assert.equal(
      err.message,
      'no matches: /no/such/dir/file-0.mp3 /no/such/dir/file-1.mp3 /no/such/dir/file-2.mp3 ... (200000 patterns)',
    );
    const long = await h.fail(['rm', `/${'x'.repeat(100_000)}`]);
    assert.ok(long.message.length < 300 && long.message.endsWith('(100001 characters)'));
    assert.equal((await h.run(['rm', '-f', p('vbr.mp3')])).text, '');
    await h.afs.reload();
    assert.equal(h.afs.files.getByPath(p('vbr.mp3')), undefined);
  });

  test('permissions guard every command; help and version need none', async () => {
    const readOnly = PERMS.AFS_READ;
    const e = await h.fail(['rm', p('cbr128.mp3')], { perms: readOnly });
    assert.equal(e.code, 'E_PERMISSION');
    assert.ok(h.afs.files.getByPath(p('cbr128.mp3')));
    assert.equal((await h.fail(['ls'], { perms: 0 })).code, 'E_PERMISSION');
    assert.match(
      (await h.run(['help'], { perms: 0 })).text,
      /^add\s+aA--\s+add or update audio files$/m,
    );
    assert.match((await h.run(['help', 'ls'], { perms: 0 })).text, /Permissions: AFS_READ\n/);
    assert.match((await h.run(['vers'], { perms: 0 })).text, /^para_server /);
    assert.equal((await h.fail(['l'])).code, 'E_SYNTAX'); // ambiguous prefix
    assert.equal((await h.fail(['nosuchcommand'])).code, 'E_SYNTAX');
    assert.match((await h.run(['init'])).text, /audio_files: ok/);
  });
});
