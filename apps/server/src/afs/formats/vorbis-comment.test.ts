// Tests of the vorbis comment reader and the empty comment writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyVorbisComment, readVorbisComment } from './vorbis-comment.js';
import { AfhError } from './types.js';

/** A comment block: vendor, count, then length-prefixed KEY=value strings. */
function block(vendor: string, comments: string[], count = comments.length): Uint8Array {
  const enc = new TextEncoder();
  const parts = [enc.encode(vendor), ...comments.map((c) => enc.encode(c))];
  const out = new Uint8Array(4 + parts.reduce((n, p) => n + 4 + p.length, 0));
  const view = new DataView(out.buffer);
  let p = 0;
  parts.forEach((part, i) => {
    view.setUint32(p, part.length, true);
    out.set(part, p + 4);
    p += 4 + part.length;
    if (i === 0) {
      view.setUint32(p, count, true);
      p += 4;
    }
  });
  return out;
}

test('maps the five tags, keys case-insensitive, first value wins', () => {
  const data = block('libVorbis', [
    'artist=Ärtist ♪',
    'Title=T=with=equals',
    'ALBUM=Album',
    'ARTIST=second artist',
    'date=2024-05-01',
    'year=1999',
    'description=desc',
    'Comment=the comment',
    'METADATA_BLOCK_PICTURE=AAAA',
    'TRACKNUMBER=3',
    'noequalsign',
  ]);
  const c = readVorbisComment(data, 0, data.length);
  assert.deepEqual(c.tags, {
    artist: 'Ärtist ♪',
    title: 'T=with=equals',
    year: '2024-05-01',
    album: 'Album',
    comment: 'the comment',
  });
  assert.equal(new TextDecoder().decode(c.vendor), 'libVorbis');
  assert.equal(c.end, data.length);
});

test('YEAR and DESCRIPTION are fallbacks for DATE and COMMENT', () => {
  const data = block('v', ['YEAR=1999', 'DESCRIPTION=desc', 'Date=']);
  assert.deepEqual(readVorbisComment(data, 0, data.length).tags, {
    artist: '',
    title: '',
    year: '',
    album: '',
    comment: 'desc',
  });
  const only = block('v', ['YEAR=1999']);
  assert.equal(readVorbisComment(only, 0, only.length).tags.year, '1999');
});

test('lengths outside the block throw AfhError', () => {
  const good = block('vendor', ['ARTIST=a', 'TITLE=t']);
  assert.doesNotThrow(() => readVorbisComment(good, 0, good.length));
  for (let cut = 0; cut < good.length; cut++) {
    assert.throws(() => readVorbisComment(good, 0, cut), AfhError, `cut at ${cut}`);
  }
  const badCount = block('vendor', ['ARTIST=a'], 0x7fffffff);
  assert.throws(() => readVorbisComment(badCount, 0, badCount.length), AfhError);
  const badVendor = good.slice();
  new DataView(badVendor.buffer).setUint32(0, 0xffffffff, true);
  assert.throws(() => readVorbisComment(badVendor, 0, badVendor.length), AfhError);
  assert.throws(() => readVorbisComment(good, 0, good.length + 10), AfhError);
});

test('empty comment keeps the vendor, adds magic and framing bit', () => {
  const vendor = new TextEncoder().encode('Xiph.Org libVorbis');
  const magic = Uint8Array.from([3, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]);
  const packet = emptyVorbisComment(vendor, magic, true);
  assert.equal(packet.length, 7 + 4 + vendor.length + 4 + 1);
  assert.deepEqual(packet.subarray(0, 7), magic);
  assert.equal(packet[packet.length - 1], 1);
  const c = readVorbisComment(packet, 7, packet.length - 1);
  assert.deepEqual(c.vendor, vendor);
  assert.equal(c.end, packet.length - 1);
  assert.equal(c.tags.artist, '');
  const plain = emptyVorbisComment(vendor, new Uint8Array(0), false);
  assert.equal(readVorbisComment(plain, 0, plain.length).end, plain.length);
});
