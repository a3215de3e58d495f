// Blob commands for all four tables; ids are never reused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../../../test/db.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** moods are checked before they are stored, so they get mood text instead of arbitrary bytes */
const MOOD_TEXT: Record<string, string> = { first: 'bitrate > 1', second: 'bitrate > 2', '3': '1' };
const binary = new Uint8Array([0, 255, 1, 128]);

for (const kind of DB_KINDS) {
  describe(`blobs (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(kind);
    });
    after(() => h.close());

    for (const t of ['img', 'lyr', 'mood', 'pl'] as const) {
      test(`add${t} cat${t} ls${t} mv${t} rm${t}`, async () => {
        const data = (s: string): Uint8Array => bytes(t === 'mood' ? MOOD_TEXT[s]! : s);
        await h.run([`add${t}`, 'one'], { data: data('first') });
        await h.run([`add${t}`, 'two'], { data: t === 'mood' ? bytes('channels == 2') : binary });
        assert.equal(
          (await h.run([`cat${t}`, 'one'])).text,
          t === 'mood' ? MOOD_TEXT.first : 'first',
        );
        if (t !== 'mood') {
          assert.deepEqual(
            [...Buffer.from((await h.run([`cat${t}`, 'two'])).text, 'latin1')],
            [...binary],
          );
        }
        assert.equal((await h.run([`ls${t}`, '-l'])).text, '1\tone\n2\ttwo\n');
        // replacing keeps the id
        await h.run([`add${t}`, 'one'], { data: data('second') });
        assert.equal(
          (await h.run([`cat${t}`, 'one'])).text,
          t === 'mood' ? MOOD_TEXT.second : 'second',
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
