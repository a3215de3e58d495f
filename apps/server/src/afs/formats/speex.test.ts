// Tests of the ogg/speex handler: speex header fields, extra headers, header checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../../../test/fixtures.js';
import { OggPacketReader, OggPageScanner, writePages } from './ogg-pages.js';
import { speexHandler } from './speex.js';
import { AfhError } from './types.js';

// make-fixtures.sh makes speex.spx only when ffmpeg has libspeex. It has on this machine, so a
// missing file is a failure here, not a reason to skip.
const data = (): Uint8Array => {
  assert.ok(fs.existsSync(fixture('speex.spx')), 'speex.spx missing: ffmpeg without libspeex?');
  return new Uint8Array(fs.readFileSync(fixture('speex.spx')));
};

function header(file: Uint8Array): { packets: Uint8Array[]; serial: number; audio: number } {
  const sc = new OggPageScanner(file);
  assert.ok(sc.next());
  const reader = new OggPacketReader(sc, sc.serial);
  const packets = [reader.next()!, reader.next()!];
  return { packets, serial: sc.serial, audio: reader.pageEnd };
}

function withHeader(file: Uint8Array, groups: Uint8Array[][]): Uint8Array {
  const { serial, audio } = header(file);
  return Buffer.concat([writePages(groups, serial, 0), file.subarray(audio)]);
}

test('rate, channels, mode and bitrate from the speex header', async () => {
  const file = data();
  const info = await speexHandler.parse(file);
  const head = header(file).packets[0]!;
  const view = new DataView(head.buffer, head.byteOffset);
  assert.equal(info.frequency, 16000);
  assert.equal(info.channels, 1);
  assert.equal(info.techinfo, 'speex wideband, cbr, 1 frame(s)/packet');
  assert.equal(info.bitrate, Math.round(view.getInt32(52, true) / 1000));
  assert.equal(info.durationMs, 4991); // last granule 79857 at 16 kHz
  assert.deepEqual(speexHandler.suffixes, ['spx', 'speex']);
});

test('extra headers announced in the speex header belong to the header', async () => {
  const file = data();
  const { packets } = header(file);
  const head = packets[0]!.slice();
  new DataView(head.buffer).setUint32(68, 1, true);
  const extra = Uint8Array.from([1, 2, 3, 4, 5]);
  const file2 = withHeader(file, [[head], [packets[1]!], [extra]]);
  const info = await speexHandler.parse(file2);
  assert.equal(info.headerLen, file2.length - (file.length - header(file).audio));
  assert.equal(info.durationMs, 4991);
  const rebuilt = speexHandler.getHeader!(file2, info.headerLen);
  const sc = new OggPageScanner(rebuilt);
  assert.ok(sc.next());
  const reader = new OggPacketReader(sc, sc.serial);
  assert.deepEqual(reader.next(), head);
  assert.equal(reader.next()?.length, 4 + 'Lavc59.37.100'.length + 4); // vendor kept, no comments
  assert.deepEqual(reader.next(), extra);
  assert.equal(reader.next(), undefined);
});

test('damaged speex headers are rejected', async () => {
  const file = data();
  const { packets } = header(file);
  const ok = await speexHandler.parse(withHeader(file, [[packets[0]!], [packets[1]!]]));
  assert.equal(ok.durationMs, 4991);
  const patch = (at: number, value: number): Uint8Array => {
    const head = packets[0]!.slice();
    new DataView(head.buffer).setUint32(at, value, true);
    return withHeader(file, [[head], [packets[1]!]]);
  };
  await assert.rejects(speexHandler.parse(patch(40, 3)), AfhError, 'mode 3');
  await assert.rejects(speexHandler.parse(patch(36, 0)), AfhError, 'rate 0');
  await assert.rejects(speexHandler.parse(patch(48, 0)), AfhError, 'no channels');
  await assert.rejects(speexHandler.parse(patch(56, 0)), AfhError, 'frame size 0');
  const short = withHeader(file, [[packets[0]!.subarray(0, 79)], [packets[1]!]]);
  await assert.rejects(speexHandler.parse(short), AfhError, 'short header');
  const badComment = packets[1]!.slice();
  new DataView(badComment.buffer).setUint32(0, 1000, true);
  await assert.rejects(
    speexHandler.parse(withHeader(file, [[packets[0]!], [badComment]])),
    AfhError,
  );
});
