// Tests of the ogg/vorbis handler: header checks, nominal bitrate, small header, huge comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture } from '../../../test/fixtures.js';
import { OggPacketReader, OggPageScanner, pageCrc, writePages } from './ogg-pages.js';
import { readVorbisComment } from './vorbis-comment.js';
import { AfhError } from './types.js';
import { vorbisHandler } from './vorbis.js';

const data = (): Uint8Array => new Uint8Array(fs.readFileSync(fixture('vorbis.ogg')));

/** The three header packets, the serial and where the audio pages start. */
function header(file: Uint8Array): { packets: Uint8Array[]; serial: number; audio: number } {
  const sc = new OggPageScanner(file);
  assert.ok(sc.next());
  const reader = new OggPacketReader(sc, sc.serial);
  const packets = [reader.next()!, reader.next()!, reader.next()!];
  return { packets, serial: sc.serial, audio: reader.pageEnd };
}

/** A copy of the file with new header packets; the audio pages are renumbered to follow them. */
function withHeader(file: Uint8Array, packets: Uint8Array[]): Uint8Array {
  const { serial, audio } = header(file);
  const head = writePages([[packets[0]!], packets.slice(1)], serial, 0);
  let pages = 0;
  const probe = new OggPageScanner(head);
  while (probe.next()) pages++;
  const out = new Uint8Array(head.length + file.length - audio);
  out.set(head);
  out.set(file.subarray(audio), head.length);
  const view = new DataView(out.buffer);
  const sc = new OggPageScanner(out, head.length);
  while (sc.next()) {
    view.setUint32(sc.offset + 18, pages++, true);
    view.setUint32(sc.offset + 22, pageCrc(out, sc.offset, sc.end), true);
  }
  return out;
}

function decodes(file: Uint8Array): void {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-vorbis-')), 'x.ogg');
  fs.writeFileSync(tmp, file);
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', tmp, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  fs.rmSync(path.dirname(tmp), { recursive: true });
  assert.equal(run.status, 0);
  assert.equal(run.stderr, '');
}

test('nominal bitrate and techinfo from the identification header', async () => {
  const info = await vorbisHandler.parse(data());
  assert.equal(info.bitrate, 128); // oggenc -q 4 announces 128 kbit/s nominal
  assert.equal(info.techinfo, 'vorbis, nominal 128 kbit/s');
  assert.equal(info.frequency, 44100);
  assert.equal(info.chunkTimeUs, 20000);
  assert.equal(info.durationMs, 5000);
  assert.deepEqual(vorbisHandler.suffixes, ['ogg', 'oga']);
});

test('getHeader: same identification and setup packets, empty comment with the vendor', async () => {
  const file = data();
  const info = await vorbisHandler.parse(file);
  const original = header(file);
  const rebuilt = header(vorbisHandler.getHeader!(file, info.headerLen));
  assert.deepEqual(rebuilt.packets[0], original.packets[0]);
  assert.deepEqual(rebuilt.packets[2], original.packets[2]);
  assert.equal(rebuilt.serial, original.serial);
  const c = rebuilt.packets[1]!;
  const parsed = readVorbisComment(c, 7, c.length - 1);
  const vendor = readVorbisComment(original.packets[1]!, 7, original.packets[1]!.length).vendor;
  assert.deepEqual(parsed.vendor, vendor);
  assert.equal(c.length, 7 + 4 + vendor.length + 4 + 1);
});

test('a comment packet spanning many pages: tags read, header for listeners stays small', async () => {
  const file = data();
  const { packets } = header(file);
  const enc = new TextEncoder();
  const big = 'X'.repeat(300_000);
  const comments = [`COMMENT=${big}`, 'artist=Big Artist', 'TITLE=Big Title'].map((s) =>
    enc.encode(s),
  );
  const vendor = enc.encode('test vendor');
  const size = 7 + 4 + vendor.length + 4 + comments.reduce((n, c) => n + 4 + c.length, 0) + 1;
  const comment = new Uint8Array(size);
  const view = new DataView(comment.buffer);
  comment.set(packets[1]!.subarray(0, 7));
  let p = 7;
  for (const part of [vendor, ...comments]) {
    view.setUint32(p, part.length, true);
    comment.set(part, p + 4);
    p += 4 + part.length;
    if (part === vendor) {
      view.setUint32(p, comments.length, true);
      p += 4;
    }
  }
  comment[p] = 1;
  const file2 = withHeader(file, [packets[0]!, comment, packets[2]!]);
  decodes(file2);
  const info = await vorbisHandler.parse(file2);
  assert.equal(info.tags.artist, 'Big Artist');
  assert.equal(info.tags.comment.length, 300_000);
  assert.ok(info.headerLen > 300_000);
  assert.equal(info.durationMs, 5000);
  const head = vorbisHandler.getHeader!(file2, info.headerLen);
  assert.ok(head.length < 5000, `header of ${head.length} bytes`);
  const t = info.chunkTable;
  decodes(Buffer.concat([head, file2.subarray(t[1], t[info.chunksTotal])]));
});

test('damaged header packets are rejected', async () => {
  const file = data();
  const { packets } = header(file);
  const reject = async (pk: Uint8Array[], what: string): Promise<void> => {
    await assert.rejects(vorbisHandler.parse(withHeader(file, pk)), AfhError, what);
  };
  const ident = packets[0]!.slice();
  ident[7] = 1; // vorbis version 1 does not exist
  await reject([ident, packets[1]!, packets[2]!], 'version');
  const mono0 = packets[0]!.slice();
  mono0[11] = 0;
  await reject([mono0, packets[1]!, packets[2]!], 'no channels');
  const noFraming = packets[1]!.slice(0, -1);
  await reject([packets[0]!, noFraming, packets[2]!], 'framing bit');
  const setup = packets[2]!.slice();
  setup[0] = 7;
  await reject([packets[0]!, packets[1]!, setup], 'setup magic');
  // the unmodified rebuild is fine, so the rejections above come from the checks
  assert.equal((await vorbisHandler.parse(withHeader(file, packets))).durationMs, 5000);
});
