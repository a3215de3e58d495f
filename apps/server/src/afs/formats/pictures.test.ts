// The picture each handler finds in files made by real encoders: the very bytes the encoder was
// given (lame APIC, flac PICTURE, opusenc and vorbiscomment METADATA_BLOCK_PICTURE, ffmpeg covr).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { parseAudio } from './index.js';

const CASES: [string, string | undefined][] = [
  ['cbr128.mp3', 'cover.jpg'],
  ['flac.flac', 'cover.jpg'],
  ['opus.opus', 'cover.jpg'],
  ['vorbis-cover.ogg', 'navy.jpg'],
  ['aac-cover.m4a', 'orange.png'],
  ['vorbis.ogg', undefined],
  ['aac.m4a', undefined],
  ['vbr.mp3', undefined],
];

for (const [file, picture] of CASES) {
  test(`${file}: ${picture ?? 'no picture'}`, async () => {
    const info = await parseAudio(file, fs.readFileSync(fixture(file)));
    if (picture === undefined) assert.equal(info.picture, undefined);
    else assert.ok(Buffer.from(info.picture!).equals(fs.readFileSync(fixture(picture))));
  });
}
