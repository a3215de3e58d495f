// Moods, playlists, select, the score table's reaction to plays and edits, and paraweb's
// explain / upcoming / previewmood, through the commands.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const FILES = ['cbr128.mp3', 'vbr.mp3', 'id3v1.mp3', 'mono22.mp3', 'vorbis.ogg', 'flac.flac'];

describe('selection', () => {
  let h: Harness;
  let lib: string;
  const p = (f: string): string => path.join(lib, f);
  const names = async (...argv: string[]): Promise<string[]> =>
    (await h.run(argv)).text.trim().split('\n').filter(Boolean);
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-sel-');
    for (const f of FILES) fs.copyFileSync(fixture(f), p(f));
    await h.run(['add', lib]);
    await h.run(['addatt', 'rock', 'calm']);
    await h.run(['setatt', 'rock+', `${lib}/*.mp3`]);
    await h.run(['setatt', 'calm+', p('flac.flac'), p('vorbis.ogg')]);
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('the dummy mood admits every file', async () => {
    assert.equal(h.afs.selector.spec, 'dummy');
    assert.equal((await names('ls', '-a')).length, FILES.length);
  });

  test('a malformed mood is refused with its position and not stored', async () => {
    const e = await h.fail(['addmood', 'bad'], { data: text('is_set("rock") &&\n  (bitrate > ') });
    assert.equal(e.code, 'E_SYNTAX');
    assert.match(e.message, /^mood bad: line 2, column \d+: expected/);
    const unknown = await h.fail(['addmood', 'bad'], { data: text('is_set("nosuch")') });
    assert.match(unknown.message, /nosuch/);
    assert.equal((await h.run(['lsmood'])).text, '');
  });

  test('select activates a mood; ls -a lists only its files in score order', async () => {
    await h.run(['addmood', 'rock'], { data: text('is_set("rock")\n') });
    const r = await h.run(['select', 'm/rock']);
    assert.equal(r.text, 'activated m/rock (4 admissible files)\n');
    assert.equal(h.afs.selector.spec, 'm/rock');
    const listed = await names('ls', '-a', '-s', 's', '-r');
    assert.deepEqual([...listed].sort(), ['cbr128.mp3', 'id3v1.mp3', 'mono22.mp3', 'vbr.mp3']);
  });

  test('a failing select keeps the previous mode and says so', async () => {
    const e = await h.fail(['select', 'm/nosuch']);
    assert.equal(e.code, 'E_NOT_FOUND');
    assert.match(
      e.message,
      /no such mood: nosuch\nswitching back to m\/rock\nactivated m\/rock \(4 admissible files\)/,
    );
    assert.equal(h.afs.selector.spec, 'm/rock');
    assert.equal((await h.fail(['select', 'rock'])).code, 'E_SYNTAX');
  });

  test('a played file sinks to the bottom; the next choice follows the scores', async () => {
    const first = (await h.afs.openNext())!;
    const order = await names('ls', '-a', '-p', '-s', 's', '-r');
    assert.equal(order.at(-1), first.file.path, 'the file just played has the lowest score');
    const predicted = (await names('upcoming', '-n', '1', '-p'))[0]!.split('\t')[2];
    const second = (await h.afs.openNext())!;
    assert.notEqual(second.file.id, first.file.id);
    assert.equal(second.file.path, predicted, 'upcoming predicts openNext');
  });

  test('editing the active mood reloads it; an attribute change too', async () => {
    await h.run(['addmood', 'rock'], { data: text('is_set("rock") && channels == 1\n') });
    await new Promise((r) => setTimeout(r, 50)); // the reload runs after the event
    assert.deepEqual(await names('ls', '-a'), ['mono22.mp3']);
    await h.run(['setatt', 'rock+', p('flac.flac')]); // flac is stereo: still only mono22
    await h.run(['addmood', 'rock'], { data: text('is_set("rock")\n') });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await names('ls', '-a')).length, 5);
    await h.run(['setatt', 'rock-', p('flac.flac')]);
    assert.equal(
      (await names('ls', '-a')).length,
      4,
      'a file that leaves the mood leaves the table',
    );
  });

  test('removing the active mood falls back to the dummy mood', async () => {
    await h.run(['addmood', 'tmp'], { data: text('is_set("calm")') });
    await h.run(['select', 'm/tmp']);
    await h.run(['rmmood', 'tmp']);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.afs.selector.spec, 'dummy');
    assert.equal((await names('ls', '-a')).length, FILES.length);
  });

  test('playlists play in order and repeat; missing entries are skipped', async () => {
    const pl = [p('flac.flac'), '/not/in/db.mp3', p('vbr.mp3'), p('vorbis.ogg'), p('vbr.mp3')].join(
      '\n',
    );
    await h.run(['addpl', 'three'], { data: text(pl) });
    const r = await h.run(['select', 'p/three']);
    assert.match(r.text, /\/not\/in\/db\.mp3: not in the audio file table, skipped/);
    assert.match(r.text, /activated p\/three \(3 admissible files\)/);
    const played: string[] = [];
    for (let i = 0; i < 5; i++) played.push(path.basename((await h.afs.openNext())!.file.path));
    assert.deepEqual(played, ['flac.flac', 'vbr.mp3', 'vorbis.ogg', 'flac.flac', 'vbr.mp3']);
    await h.run(['addpl', 'empty'], { data: text('/nothing/here.mp3\n') });
    assert.equal((await h.fail(['select', 'p/empty'])).code, 'E_NOT_FOUND');
    assert.equal(h.afs.selector.spec, 'p/three');
  });

  test('explain, upcoming and previewmood change nothing', async () => {
    await h.run(['select', 'dummy']);
    const before = [...h.afs.selector.admissible()];
    const up = await names('upcoming', '-n', '8', '-p');
    assert.equal(up.length, 8);
    const top = Math.max(
      ...(await names('ls', '-a', '-l')).map((l) => Number(l.trim().split(/\s+/)[0])),
    );
    assert.equal(Number(up[0]!.split('\t')[1]), top, 'upcoming starts with the best score');
    const ex = (await h.run(['explain', p('flac.flac')])).text;
    assert.match(
      ex,
      /score -?\d+, rank \d+ of 6 in dummy\n {2}formula now: -?\d+ = -?\d+ \(played \d+ times\) \+ -?\d+ \(last played .*\) \+ 0 \(mood\)/,
    );
    const pv = await h.run(['previewmood', '-n', '2'], {
      data: text('channels == 2 && !is_set("rock")'),
    });
    assert.match(pv.text, /^2 admissible files\n1\t-?\d+\t(flac\.flac|vorbis\.ogg)\n2\t/);
    const bad = await h.fail(['previewmood'], { data: text('channels ==') });
    assert.equal(bad.code, 'E_SYNTAX');
    assert.deepEqual([...h.afs.selector.admissible()], before);
    assert.equal(h.afs.selector.spec, 'dummy');
  });

  test('artist separation keeps an artist from repeating within K files', async () => {
    // three mp3s share "Test Artist"; flac, ogg and mono22 have others
    const mood = '# paraweb: artist-separation 1\n1\n';
    await h.run(['addmood', 'sep'], { data: text(mood) });
    await h.run(['select', 'm/sep']);
    const artists: string[] = [];
    for (let i = 0; i < 6; i++) artists.push((await h.afs.openNext())!.file.artist.toLowerCase());
    for (let i = 1; i < artists.length; i++) {
      if (artists[i] === artists[i - 1]) {
        // only allowed when nothing else is left, which six files with four artists never force
        assert.fail(`artist repeated: ${artists.join(', ')}`);
      }
    }
  });

  test('nothing admissible: openNext gives undefined', async () => {
    await h.run(['addmood', 'none'], { data: text('bitrate > 100000') });
    assert.match((await h.run(['select', 'm/none'])).text, /\(0 admissible files\)/);
    assert.equal(await h.afs.openNext(), undefined);
  });

  test('explain says "never" for a file never played, not the date stored at add', async () => {
    await h.run(['select', 'dummy']);
    await h.run(['touch', '-n', '0', p('vbr.mp3')]);
    assert.match((await h.run(['explain', p('vbr.mp3')])).text, /\(last played never\)/);
    await h.run(['touch', '-n', '3', '-l', '1700000000', p('vbr.mp3')]);
    assert.match(
      (await h.run(['explain', p('vbr.mp3')])).text,
      /\(played 3 times\) \+ -?\d+ \(last played 2023-11-14T22:13:20\.000Z\)/,
    );
  });
});
