// Checks the aac handler (m4a and ADTS) against ffprobe, and that m4a samples framed with
// adtsHeader() make an ADTS stream ffmpeg decodes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture } from '../../../test/fixtures.js';
import { aacHandler, adtsHeader, parseAac } from './aac.js';
import { AfhError } from './types.js';
import type { AudioFormatInfo } from './types.js';

const TAGS = {
  artist: 'Test Artist',
  title: 'Test Title',
  album: 'Test Album',
  year: '2024',
  comment: 'test comment',
};

function read(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(fixture(name)));
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afh-aac-'));
after(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

function tmpFile(name: string): string {
  return path.join(tmpDir, name);
}

/** ffmpeg's complaints while decoding `file` (empty = clean decode). */
function decodeErrors(file: string, format?: string): string {
  const args = ['-v', 'error', ...(format ? ['-f', format] : []), '-i', file, '-f', 'null', '-'];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

/** Chunk table = ffprobe's packets one for one; duration, rate, channels as ffprobe says. */
function checkAgainstProbe(name: string, info: AudioFormatInfo): void {
  const probe = ffprobe(fixture(name));
  assert.equal(info.format, 'aac');
  assert.equal(info.chunksTotal, probe.packets.length);
  assert.equal(info.chunkTable.length, info.chunksTotal + 1);
  probe.packets.forEach((p, k) => {
    assert.equal(info.chunkTable[k], p.pos, `offset of chunk ${k}`);
    assert.equal(info.chunkTable[k + 1]! - p.pos, p.size, `size of chunk ${k}`);
  });
  const sumSec = probe.packets.reduce((s, p) => s + p.durationSec, 0);
  const durSec = info.durationMs / 1000;
  // a raw ADTS stream has no duration field: ffprobe estimates it from the first frames' bitrate
  // (seen 1-2 % off), so there only the packets count
  const tolerance = name.endsWith('.aac') ? 0.03 : 0.01;
  assert.ok(
    Math.abs(durSec - probe.durationSec) / probe.durationSec < tolerance,
    `${durSec} vs ${probe.durationSec}`,
  );
  assert.ok(Math.abs(durSec - sumSec) / sumSec < 0.01, `${durSec} vs packet sum ${sumSec}`);
  const paced = (info.chunkTimeUs * info.chunksTotal) / 1e6;
  assert.ok(Math.abs(paced - durSec) / durSec < 0.01, `pacing ${paced} vs ${durSec}`);
  assert.equal(info.secondsTotal, Math.floor(durSec));
  assert.equal(info.frequency, probe.sampleRate);
  assert.equal(info.channels, probe.channels);
  assert.equal(info.headerLen, 0);
  let max = 0;
  for (const p of probe.packets) max = Math.max(max, p.size);
  assert.equal(info.maxChunkSize, max);
  const bytes = probe.packets.reduce((s, p) => s + p.size, 0);
  assert.equal(info.bitrate, Math.round((bytes * 8) / durSec / 1000));
}

for (const name of ['aac.m4a', 'aac-faststart.m4a']) {
  test(`${name}: chunks, duration, rate, channels, tags as ffprobe says`, async () => {
    const info = await aacHandler.parse(read(name));
    checkAgainstProbe(name, info);
    assert.deepEqual(info.tags, TAGS);
    const probe = ffprobe(fixture(name));
    assert.equal(probe.tags['artist'], info.tags.artist);
    assert.equal(probe.tags['date'], info.tags.year);
    // LC, 44.1 kHz, stereo (+ the sync extension ffmpeg appends)
    assert.deepEqual([...(info.extra ?? [])].slice(0, 2), [0x12, 0x10]);
    assert.match(info.techinfo, /^AAC LC, mp4, moov (first|last)$/);
  });
}

test("m4a samples framed with adtsHeader() decode, and equal ffmpeg's own ADTS output", async () => {
  const data = read('aac.m4a');
  const info = await aacHandler.parse(data);
  assert.ok(info.extra);
  const parts: Uint8Array[] = [];
  for (let k = 0; k < info.chunksTotal; k++) {
    const sample = data.subarray(info.chunkTable[k], info.chunkTable[k + 1]);
    parts.push(adtsHeader(info.extra, sample.length), sample);
  }
  const stream = Buffer.concat(parts);
  const file = tmpFile('tmp.aac');
  fs.writeFileSync(file, stream);
  assert.equal(decodeErrors(file, 'aac'), '');
  // aac.aac is `ffmpeg -c copy -f adts` of the same file: same headers, same payloads.
  assert.ok(stream.equals(read('aac.aac')));
  // a listener joining in the middle gets whole frames too
  const tail = Buffer.concat(parts.slice(2 * 100));
  fs.writeFileSync(file, tail);
  assert.equal(decodeErrors(file, 'aac'), '');
});

test('adtsHeader: fields of a known header', () => {
  // AAC LC (2), 48 kHz (index 3), mono: 0x11 0x88
  const h = adtsHeader(new Uint8Array([0x11, 0x88]), 100);
  assert.deepEqual([...h], [0xff, 0xf1, 0x4c, 0x40, 0x0d, 0x7f, 0xfc]);
  // HE-AAC (5) at 22.05 kHz core / 44.1 kHz output, stereo: ADTS carries the LC core
  const he = adtsHeader(new Uint8Array([0x2b, 0x92, 0x08, 0x00]), 10);
  assert.equal(he[2]! >> 6, 1); // profile LC
  assert.equal((he[2]! >> 2) & 15, 7); // 22050
  assert.throws(() => adtsHeader(new Uint8Array([0x12, 0x10]), 9000), AfhError);
  assert.throws(() => adtsHeader(new Uint8Array([0xf8]), 10), AfhError); // too short
  assert.throws(() => adtsHeader(new Uint8Array([0x12, 0x00]), 10), AfhError); // PCE layout
});

test('aac.aac (ADTS): frames as ffprobe says, no tags', async () => {
  const info = await aacHandler.parse(read('aac.aac'));
  checkAgainstProbe('aac.aac', info);
  assert.deepEqual(info.tags, { artist: '', title: '', year: '', album: '', comment: '' });
  assert.equal(info.techinfo, 'AAC LC, adts');
  assert.equal(info.extra, undefined);
});

test('ADTS with junk in front and a cut last frame: starts at the frames, drops the stub', async () => {
  const adts = read('aac.aac');
  const info = await aacHandler.parse(adts);
  const junk = new Uint8Array(1000).fill(0x55);
  const n = info.chunksTotal;
  const cut = info.chunkTable[n - 2]! + 20; // the last frame is tiny (14 B): cut the one before
  const data = Buffer.concat([junk, adts.subarray(0, cut)]);
  const got = parseAac(data);
  assert.equal(got.chunksTotal, n - 2);
  assert.equal(got.chunkTable[0], 1000);
  assert.equal(got.chunkTable[n - 2], 1000 + info.chunkTable[n - 2]!);
});

test('m4a with interleaved video samples: AfhError (audio samples not contiguous)', () => {
  const file = tmpFile('av.mp4');
  const r = spawnSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=32x32:rate=25:duration=5'],
    ...[
      '-i',
      fixture('aac.m4a'),
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'mpeg4',
      '-c:a',
      'copy',
      file,
    ],
  ]);
  assert.equal(r.status, 0, String(r.stderr));
  assert.throws(() => parseAac(new Uint8Array(fs.readFileSync(file))), /not contiguous/);
});

test('broken input: AfhError, never another exception', async () => {
  for (const name of ['truncated.m4a', 'random.mp3', 'empty.mp3', 'cbr128.mp3', 'text.flac']) {
    await assert.rejects(aacHandler.parse(read(name)), AfhError, name);
  }
  const faststart = read('aac-faststart.m4a');
  assert.throws(() => parseAac(faststart.subarray(0, 30000)), /truncated/);
  // Cuts and flipped bytes all over the files: an AfhError or a table inside the data.
  for (const name of ['aac.m4a', 'aac-faststart.m4a', 'aac.aac']) {
    const data = read(name);
    for (let i = 1; i < 400; i++) {
      const at = Math.floor((i * i * 7919) % data.length);
      const flipped = Uint8Array.from(data);
      flipped[at] = flipped[at]! ^ 0xff;
      flipped[(at * 31) % data.length] = flipped[(at * 31) % data.length]! ^ 0x5a;
      const variants = [data.subarray(0, at), flipped];
      for (const v of variants) {
        try {
          const info = parseAac(v);
          for (let k = 0; k < info.chunksTotal; k++) {
            assert.ok(info.chunkTable[k]! <= info.chunkTable[k + 1]!);
          }
          assert.ok(info.chunkTable[info.chunksTotal]! <= v.length);
        } catch (err) {
          if (!(err instanceof AfhError)) throw err;
        }
      }
    }
  }
});
