// ls: every listing mode and sort order over files added from fixtures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixtures } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const FILES = ['cbr128.mp3', 'mono22.mp3', 'vorbis.ogg', 'flac.flac'];

describe('ls', () => {
  let h: Harness;
  let lib: string;
  const p = (f: string): string => path.join(lib, f);
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-ls-');
    for (const f of FILES) fs.copyFileSync(path.join(fixtures(), f), p(f));
    await h.run(['add', lib]);
    await h.run(['touch', '-n', '5', '-l', '1000', p('flac.flac')]);
    await h.run(['touch', '-n', '1', p('vorbis.ogg')]);
    await h.run(['addatt', 'rock', 'jazz']);
    await h.run(['setatt', 'jazz+', p('cbr128.mp3')]);
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('short mode: basenames sorted by path; -p full paths; patterns', async () => {
    assert.equal((await h.run(['ls'])).text, 'cbr128.mp3\nflac.flac\nmono22.mp3\nvorbis.ogg\n');
    assert.equal(
      (await h.run(['ls', '-p', '*.mp3'])).text,
      `${p('cbr128.mp3')}\n${p('mono22.mp3')}\n`,
    );
    assert.equal((await h.run(['ls', p('flac.flac')])).text, 'flac.flac\n');
    assert.equal((await h.run(['ls', '/nowhere/*'])).text, '');
  });

  test('sort orders and reverse', async () => {
    const names = async (...a: string[]): Promise<string[]> =>
      (await h.run(['ls', ...a])).text.trim().split('\n');
    assert.deepEqual(await names('-s', 'n'), [
      'cbr128.mp3',
      'mono22.mp3',
      'vorbis.ogg',
      'flac.flac',
    ]);
    assert.deepEqual(await names('-sn', '-r'), [
      'flac.flac',
      'vorbis.ogg',
      'mono22.mp3',
      'cbr128.mp3',
    ]);
    assert.deepEqual((await names('--sort=l'))[0], 'flac.flac');
    assert.deepEqual((await names('-s', 'f'))[0], 'mono22.mp3');
    assert.deepEqual((await names('-s', 'c'))[0], 'mono22.mp3');
    assert.deepEqual((await names('-s', 'a')).slice(0, 2), ['cbr128.mp3', 'mono22.mp3']);
    const byBitrate = await names('-s', 'b', '-r');
    assert.equal(byBitrate[0], 'flac.flac');
    for (const key of ['i', 'y', 'd', 'h', 'p', 's'])
      assert.equal((await names('-s', key)).length, 4);
    assert.equal((await h.fail(['ls', '-s', 'z'])).code, 'E_SYNTAX');
  });

  test('long mode: aligned columns with bitmap, format, duration, num played, path', async () => {
    const text = (await h.run(['ls', '-l', '-d', '-s', 'n'])).text;
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    const first = lines[0]!.split(/\s+/);
    assert.equal(first[0], `-x${'-'.repeat(62)}`);
    assert.equal(first[5], 'mp3');
    assert.equal(first[8], '0:05');
    assert.equal(lines[3]!.split(/\s+/)[10], '1000');
    const widths = new Set(lines.map((l) => l.lastIndexOf(' ')));
    assert.ok(widths.size <= 2, 'columns are aligned');
  });

  test('verbose and parser-friendly modes carry the status items', async () => {
    const v = (await h.run(['ls', '-lv', p('cbr128.mp3')])).text;
    assert.match(v, /^path: .*cbr128\.mp3$/m);
    assert.match(v, /^attributes_txt: jazz$/m);
    assert.match(v, /^format: mp3$/m);
    assert.match(v, /^artist: Test Artist$/m);
    assert.match(v, /^bitrate: 128kbit\/s$/m);
    const pf = (await h.run(['ls', '--listing-mode=p', p('cbr128.mp3')])).text;
    // every record: 4 hex digits, space, then exactly that many bytes
    let rest = Buffer.from(pf);
    let count = 0;
    while (rest.length > 0) {
      const len = parseInt(rest.subarray(0, 4).toString(), 16);
      const body = rest.subarray(5, 5 + len).toString();
      assert.match(body, /^[0-9a-f]{2}:.*\n$/s);
      rest = rest.subarray(5 + len);
      count++;
    }
    assert.equal(count, 29);
  });

  test('mbox and chunk-table modes', async () => {
    const m = (await h.run(['ls', '-lm', p('vorbis.ogg')])).text;
    assert.match(m, /^From /);
    assert.match(m, /^Subject: vorbis\.ogg$/m);
    const c = (await h.run(['ls', '-l=c', p('mono22.mp3')])).text;
    const rec = h.afs.files.getByPath(p('mono22.mp3'))!;
    const offsets = /chunk_table: (.*)/.exec(c)![1]!.split(' ').map(Number);
    assert.equal(offsets.length, rec.chunksTotal + 1);
    assert.ok(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!));
  });

  test('-a lists admissible files with their score (dummy mood: all files)', async () => {
    await h.run(['touch', p('flac.flac')]); // just played, and played most often
    const text = (await h.run(['ls', '-a', '-l', '-s', 's', '-r'])).text;
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    // files played rarely and long ago first; flac (6 plays, just now) last
    assert.match(lines[3]!, /flac\.flac$/);
    const scores = lines.map((l) => Number(l.trim().split(/\s+/)[0]));
    assert.ok(scores.every((s, i) => i === 0 || s <= scores[i - 1]!));
  });
});
