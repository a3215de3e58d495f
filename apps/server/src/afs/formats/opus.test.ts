// Tests of the ogg/opus handler: pre-skip, 48 kHz, average bitrate, OpusHead checks, small header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../../../test/fixtures.js';
import { ffprobe } from '../../../test/ffprobe.js';
import { OggPacketReader, OggPageScanner, writePages } from './ogg-pages.js';
import { opusHandler } from './opus.js';
import { readVorbisComment } from './vorbis-comment.js';
import { AfhError } from './types.js';

const data = (): Uint8Array => new Uint8Array(fs.readFileSync(fixture('opus.opus')));

function header(file: Uint8Array): { packets: Uint8Array[]; serial: number; audio: number } {
  const sc = new OggPageScanner(file);
  assert.ok(sc.next());
  const reader = new OggPacketReader(sc, sc.serial);
  const packets = [reader.next()!, reader.next()!];
  return { packets, serial: sc.serial, audio: reader.pageEnd };
}

/** The file with other header packets (two pages, like the original, so no renumbering). */
function withHeader(file: Uint8Array, head: Uint8Array, tags: Uint8Array): Uint8Array {
  const { serial, audio } = header(file);
  return Buffer.concat([writePages([[head], [tags]], serial, 0), file.subarray(audio)]);
}

test('pre-skip is subtracted, frequency is 48 kHz, bitrate is the average', async () => {
  const file = data();
  const info = await opusHandler.parse(file);
  // last granule 240312 includes the 312 samples of pre-skip; ffprobe does not subtract them
  assert.equal(info.durationMs, 5000);
  assert.ok(Math.abs(ffprobe(fixture('opus.opus')).durationSec - 5.0065) < 0.0001);
  assert.equal(info.frequency, 48000);
  assert.equal(info.techinfo, 'opus, pre-skip 312, mapping family 0');
  const audioBytes = file.length - info.headerLen;
  assert.equal(info.bitrate, Math.round((audioBytes * 8) / 5 / 1000));
  assert.equal(info.chunksTotal, 250);
});

test('getHeader: OpusHead kept, OpusTags without the picture and comments', async () => {
  const file = data();
  const info = await opusHandler.parse(file);
  const original = header(file);
  assert.ok(original.packets[1]!.length > 1000, 'the fixture has a cover in OpusTags');
  const head = opusHandler.getHeader!(file, info.headerLen);
  assert.ok(head.length < 200, `header of ${head.length} bytes`);
  const rebuilt = header(head);
  assert.deepEqual(rebuilt.packets[0], original.packets[0]);
  const tags = rebuilt.packets[1]!;
  assert.equal(new TextDecoder().decode(tags.subarray(0, 8)), 'OpusTags');
  const c = readVorbisComment(tags, 8, tags.length);
  assert.equal(c.end, tags.length);
  assert.match(new TextDecoder().decode(c.vendor), /libopus/);
  assert.equal(rebuilt.audio, head.length);
});

test('OpusHead and OpusTags are checked', async () => {
  const file = data();
  const { packets } = header(file);
  const [head, tags] = [packets[0]!, packets[1]!];
  assert.equal((await opusHandler.parse(withHeader(file, head, tags))).durationMs, 5000);
  const v1 = head.slice();
  v1[8] = 0x10; // major version 1
  await assert.rejects(opusHandler.parse(withHeader(file, v1, tags)), AfhError);
  const three = head.slice();
  three[9] = 3; // mapping family 0 allows only mono and stereo
  await assert.rejects(opusHandler.parse(withHeader(file, three, tags)), AfhError);
  await assert.rejects(opusHandler.parse(withHeader(file, head.subarray(0, 18), tags)), AfhError);
  const notTags = tags.slice();
  notTags[4] = 0x78;
  await assert.rejects(opusHandler.parse(withHeader(file, head, notTags)), AfhError);
  // a larger pre-skip shortens the duration
  const skip = head.slice();
  skip[10] = 0x80;
  skip[11] = 0xbb; // 48000
  assert.equal((await opusHandler.parse(withHeader(file, skip, tags))).durationMs, 4007); // 192312 / 48
});
