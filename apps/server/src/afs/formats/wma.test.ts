// Checks the wma handler against ffprobe, and that header + chunks decode with ffmpeg.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture } from '../../../test/fixtures.js';
import { AfhError } from './types.js';
import type { AudioFormatInfo } from './types.js';
import { parseWma, wmaHandler } from './wma.js';

function read(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(file));
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afh-wma-'));
after(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

function ffmpeg(args: string[]): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

/** The same audio in ASF packets of `size` bytes (ffmpeg's default is 3200). */
function repacketed(size: number): string {
  const file = path.join(tmpDir, `p${size}.wma`);
  ffmpeg([
    '-y',
    '-i',
    fixture('wma.wma'),
    '-c',
    'copy',
    '-f',
    'asf',
    '-packet_size',
    String(size),
    file,
  ]);
  return file;
}

/** Header + chunks [from, end) written to a file and decoded: ffmpeg's complaints. */
function decodeChunks(data: Uint8Array, info: AudioFormatInfo, from: number): string {
  const file = path.join(tmpDir, 'tmp.wma');
  const t = info.chunkTable;
  fs.writeFileSync(
    file,
    Buffer.concat([data.subarray(0, info.headerLen), data.subarray(t[from], t[info.chunksTotal])]),
  );
  return ffmpeg(['-i', file, '-f', 'null', '-']);
}

function checkFile(file: string, packetSize: number, packetsPerChunk: number): AudioFormatInfo {
  const data = read(file);
  const info = parseWma(data);
  const probe = ffprobe(file);
  assert.equal(info.format, 'wma');
  assert.equal(info.frequency, probe.sampleRate);
  assert.equal(info.channels, probe.channels);
  assert.ok(Math.abs(info.durationMs / 1000 - probe.durationSec) / probe.durationSec < 0.01);
  assert.equal(info.secondsTotal, Math.floor(probe.durationSec));
  const audioChunks = info.chunksTotal - 1;
  const paced = (info.chunkTimeUs * audioChunks) / 1e6;
  assert.ok(Math.abs(paced - probe.durationSec) / probe.durationSec < 0.01, `pacing ${paced}`);
  assert.ok(info.chunkTimeUs >= 100_000 && info.chunkTimeUs <= 250_000, `${info.chunkTimeUs}`);

  // chunk 0 is the header, which ends where the first data packet starts (ffprobe's pos)
  const t = info.chunkTable;
  assert.equal(t.length, info.chunksTotal + 1);
  assert.equal(t[0], 0);
  const first = Math.min(...probe.packets.map((p) => p.pos));
  assert.equal(t[1], info.headerLen);
  assert.equal(info.headerLen, first);
  // the other chunks are runs of whole packets covering the data object exactly
  const starts = new Set(probe.packets.map((p) => p.pos));
  const dataEnd = info.headerLen + countPackets(data, info, packetSize) * packetSize;
  for (let k = 1; k < info.chunksTotal; k++) {
    assert.equal((t[k]! - info.headerLen) % packetSize, 0);
    assert.ok(starts.has(t[k]!), `chunk ${k} starts a packet ffprobe reads from`);
    const size = t[k + 1]! - t[k]!;
    if (k + 1 < info.chunksTotal) assert.equal(size, packetSize * packetsPerChunk);
    else assert.ok(size > 0 && size <= packetSize * packetsPerChunk);
  }
  assert.equal(t[info.chunksTotal], dataEnd);
  assert.equal(info.maxChunkSize, packetSize * packetsPerChunk);
  return info;
}

/** Packets of the data object, from its size field (little-endian u64 at +16). */
function countPackets(data: Uint8Array, info: AudioFormatInfo, packetSize: number): number {
  const obj = info.headerLen - 50;
  const size = Buffer.from(data).readBigUInt64LE(obj + 16);
  return (Number(size) - 50) / packetSize;
}

test('wma.wma: header, packets, duration, tags as ffprobe says; decodes chunk by chunk', async () => {
  const file = fixture('wma.wma');
  const data = read(file);
  const info = checkFile(file, 3200, 1);
  assert.deepEqual(await wmaHandler.parse(data), info);
  // ffmpeg writes the date as a custom `date` attribute and the comment as `Description`
  assert.deepEqual(info.tags, {
    artist: 'Test Artist',
    title: 'Test Title',
    album: 'Test Album',
    year: '2024',
    comment: 'test comment',
  });
  assert.equal(info.bitrate, 128);
  assert.equal(info.techinfo, 'WMA v2, exp vlc');
  assert.equal(decodeChunks(data, info, 1), '');
  // a listener joining later gets the header and then chunks from the middle
  assert.equal(decodeChunks(data, info, Math.floor(info.chunksTotal / 2)), '');
});

test('small packets are grouped into chunks of at most 250 ms', () => {
  const file = repacketed(800); // 800-byte packets ≈ 46 ms at 128 kbit/s: five per chunk
  const info = checkFile(file, 800, 5);
  const data = read(file);
  assert.equal(decodeChunks(data, info, 1), '');
  assert.equal(decodeChunks(data, info, 7), '');
});

test('broken input: AfhError, never another exception', async () => {
  for (const name of ['truncated.m4a', 'random.mp3', 'empty.mp3', 'aac.m4a', 'cbr128.mp3']) {
    await assert.rejects(wmaHandler.parse(read(fixture(name))), AfhError, name);
  }
  const data = read(fixture('wma.wma'));
  assert.throws(() => parseWma(data.subarray(0, 20000)), /truncated/);
  assert.throws(() => parseWma(data.subarray(0, 500)), /truncated/);
  // Cuts and flipped bytes all over the header: an AfhError or a table inside the data.
  for (let i = 1; i < 1000; i++) {
    const at = i < 900 ? i : Math.floor((i * 7919) % data.length);
    const flipped = Uint8Array.from(data);
    flipped[at] = flipped[at]! ^ 0xff;
    const variants = [data.subarray(0, at), flipped];
    for (const v of variants) {
      try {
        const info = parseWma(v);
        assert.ok(info.chunkTable[info.chunksTotal]! <= v.length);
      } catch (err) {
        if (!(err instanceof AfhError)) throw err;
      }
    }
  }
});
