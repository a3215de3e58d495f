// Blob commands for all four tables; ids are never reused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import { DB_KINDS } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { ParaError } from '../../errors.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** moods are checked before they are stored, so they get mood text instead of arbitrary bytes */
const MOOD_TEXT: Record<string, string> = { first: 'bitrate > 1', second: 'bitrate > 2', '3': '1' };
const binary = new Uint8Array([0, 255, 1, 128]);
/** images are checked too: they get real pictures, named by the texts the other tables get */
const IMAGES: Record<string, string> = {
  first: 'cover.jpg',
  second: 'picture.png',
  '3': 'picture.gif',
  binary: 'picture.webp',
};
const image = (key: string): Uint8Array => fs.readFileSync(fixture(IMAGES[key]!));

for (const kind of DB_KINDS) {
  describe(`blobs (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(kind);
    });
    after(() => h.close());

    for (const t of ['img', 'lyr', 'mood', 'pl'] as const) {
      test(`add${t} cat${t} ls${t} mv${t} rm${t}`, async () => {
        const data = (s: string): Uint8Array =>
          t === 'img' ? image(s) : bytes(t === 'mood' ? MOOD_TEXT[s]! : s);
        const text = (s: string): string => Buffer.from(data(s)).toString('latin1');
        const two = t === 'mood' ? bytes('channels == 2') : t === 'img' ? image('binary') : binary;
        await h.run([`add${t}`, 'one'], { data: data('first') });
        await h.run([`add${t}`, 'two'], { data: two });
        assert.equal(
          (await h.run([`cat${t}`, 'one'])).text,
          t === 'mood' ? MOOD_TEXT.first : text('first'),
        );
        if (t !== 'mood') {
          assert.deepEqual(
            [...Buffer.from((await h.run([`cat${t}`, 'two'])).text, 'latin1')],
            [...two],
          );
        }
        assert.equal((await h.run([`ls${t}`, '-l'])).text, '1\tone\n2\ttwo\n');
        // replacing keeps the id
        await h.run([`add${t}`, 'one'], { data: data('second') });
        assert.equal(
          (await h.run([`cat${t}`, 'one'])).text,
          t === 'mood' ? MOOD_TEXT.second : text('second'),
        );
        assert.equal((await h.run([`ls${t}`, '-l', '-i', '-r'])).text, '2\ttwo\n1\tone\n');
        await h.run([`mv${t}`, 'one', 'uno']);
        assert.equal((await h.fail([`mv${t}`, 'uno', 'two'])).code, 'E_EXISTS');
        await h.run([`rm${t}`, 'two']);
        assert.equal((await h.fail([`cat${t}`, 'two'])).code, 'E_NOT_FOUND');
        assert.equal((await h.fail([`rm${t}`, 'nothing*'])).code, 'E_NO_MATCH');
        // ids are never reused
        await h.run([`add${t}`, 'three'], { data: data('3') });
        assert.equal((await h.run([`ls${t}`, '-l', '-i'])).text, '1\tuno\n3\tthree\n');
        assert.equal((await h.fail([`add${t}`, ''])).code, 'E_INVALID');
      });
    }
  });
}

describe('what blob uploads must be', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test('an image that is not one is refused with the reason, and nothing is stored', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes('hello'), /^x: not an image \(JPEG, PNG, GIF or WebP\)$/],
      [image('first').subarray(0, 20), /^x: JPEG cut off before its frame header$/],
      [
        Uint8Array.from([...image('second')].map((b, i) => (i === 18 ? b ^ 1 : b))),
        /IHDR checksum/,
      ],
    ];
    for (const [data, message] of cases) {
      const e = await h.fail(['addimg', 'x'], { data });
      assert.equal(e.code, 'E_INVALID');
      assert.match(e.message, message);
    }
    assert.equal((await h.run(['lsimg'])).text, '');
  });

  test('each image format is accepted', async () => {
    for (const f of ['cover.jpg', 'picture.png', 'picture.gif', 'picture.webp', 'lossless.webp'])
      await h.run(['addimg', f], { data: fs.readFileSync(fixture(f)) });
    assert.equal((await h.run(['lsimg'])).text.split('\n').filter(Boolean).length, 5);
  });

  test('invalid base64 from a structured door is refused, not stored as garbage', async () => {
    for (const data of ['@@@@', 'aGVsbG8', 'aGV sbG8=', 'aG=VsbG8', 'aGVsbG8=\n']) {
      const err = await h.runInput('addlyr', { args: ['garbage'], data }).then(
        () => undefined,
        (x: unknown) => x as ParaError,
      );
      assert.equal(err?.code, 'E_INVALID', data);
      assert.equal(err?.message, 'addlyr: the data is not valid base64');
    }
    assert.equal((await h.run(['lslyr'])).text, '');
    await h.runInput('addlyr', { args: ['ok'], data: 'aGVsbG8=' });
    assert.equal((await h.run(['catlyr', 'ok'])).text, 'hello');
  });

  test('blob names have a length limit', async () => {
    for (const t of ['img', 'lyr', 'mood', 'pl']) {
      const data = t === 'img' ? image('first') : t === 'mood' ? bytes('1') : bytes('x');
      const e = await h.fail([`add${t}`, 'n'.repeat(256)], { data });
      assert.equal(e.code, 'E_INVALID');
      assert.match(e.message, /name too long \(256 bytes, at most 255\)/);
      await h.run([`add${t}`, 'n'.repeat(255)], { data });
      assert.match(
        (await h.fail([`mv${t}`, 'n'.repeat(255), 'é'.repeat(128)])).message,
        /too long/,
      );
    }
  });
});
