// Checks the flac handler against ffprobe on encoder-made files, on broken input, and on edited
// streams (planted false frame headers, a missing frame, ID3 tags around it, variable block size).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture } from '../../../test/fixtures.js';
import { crc16, crc8 } from './flac-crc.js';
import { flacHandler, parseFlac } from './flac.js';
import type { AudioFormatInfo, Tags } from './types.js';
import { AfhError } from './types.js';

const TEST_TAGS: Tags = {
  artist: 'Test Artist',
  title: 'Test Title',
  year: '2024',
  album: 'Test Album',
  comment: 'test comment',
};

function read(name: string): Uint8Array {
  return fs.readFileSync(fixture(name));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'flac-test-'));
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** The handler's view must equal ffprobe's packet list one for one. */
function assertMatchesProbe(info: AudioFormatInfo, file: string, data: Uint8Array): void {
  const probe = ffprobe(file);
  const t = info.chunkTable;
  assert.equal(probe.codec, 'flac');
  assert.equal(info.chunksTotal, probe.packets.length, 'one chunk per ffprobe packet');
  assert.equal(t.length, info.chunksTotal + 1);
  probe.packets.forEach((pk, k) => {
    assert.equal(t[k], pk.pos, `offset of chunk ${k}`);
    assert.equal(t[k + 1]! - t[k], pk.size, `size of chunk ${k}`);
  });
  assert.equal(info.headerLen, probe.packets[0]!.pos, 'the header ends at the first frame');
  assert.equal(t[info.chunksTotal], data.length);
  const packetMs = probe.packets.reduce((s, p) => s + p.durationSec, 0) * 1000;
  assert.ok(Math.abs(info.durationMs - packetMs) <= 1, 'duration = sum of packet durations');
  assert.ok(Math.abs(info.durationMs - probe.durationSec * 1000) <= 1, 'duration');
  assert.equal(info.secondsTotal, Math.floor(probe.durationSec));
  const paced = (info.chunkTimeUs * info.chunksTotal) / 1000;
  assert.ok(Math.abs(paced - packetMs) < packetMs / 1000, 'pacing within 0.1%');
  assert.equal(info.frequency, probe.sampleRate);
  assert.equal(info.channels, probe.channels);
  assert.equal(info.maxChunkSize, Math.max(...probe.packets.map((p) => p.size)));
  const bytes = probe.packets.reduce((s, p) => s + p.size, 0);
  assert.equal(info.bitrate, Math.round((bytes * 8) / packetMs), 'bitrate');
}

/** Writes the header and chunks from..end to a file and lets ffmpeg decode it; returns stderr. */
function decodeFrom(info: AudioFormatInfo, data: Uint8Array, from: number, dir: string): string {
  const t = info.chunkTable;
  const file = path.join(dir, 'cut.flac');
  fs.writeFileSync(
    file,
    concat([data.subarray(0, info.headerLen), data.subarray(t[from], t[info.chunksTotal])]),
  );
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
  assert.equal(run.status, 0);
  return run.stderr.toString();
}

test('flac handler: name and suffix', () => {
  assert.equal(flacHandler.name, 'flac');
  assert.deepEqual(flacHandler.suffixes, ['flac']);
});

test('flac flac.flac: chunks, duration, format and tags match ffprobe', async () => {
  const data = read('flac.flac');
  const info = parseFlac(data);
  assert.equal(info.format, 'flac');
  assertMatchesProbe(info, fixture('flac.flac'), data);
  assert.equal(info.frequency, 44100);
  assert.equal(info.channels, 2);
  assert.equal(info.durationMs, 5000);
  assert.equal(info.techinfo, '16 bit, blocksize 4096');
  assert.deepEqual(info.tags, TEST_TAGS);
  const probeTags = ffprobe(fixture('flac.flac')).tags;
  assert.equal(info.tags.artist, probeTags.artist);
  assert.equal(info.tags.title, probeTags.title);
  assert.equal(info.tags.album, probeTags.album);
  assert.equal(info.tags.year, probeTags.date);
  assert.equal(info.tags.comment, probeTags.comment);
  // The CRC-16 of every frame holds, so checking them all finds the same frames.
  assert.deepEqual(parseFlac(data, { verifyCrc: true }).chunkTable, info.chunkTable);
});

test('flac: the header plus chunks 10..end decode without errors', async () => {
  const data = read('flac.flac');
  const info = parseFlac(data);
  const dir = tempDir();
  try {
    assert.equal(decodeFrom(info, data, 10, dir), '');
    // The check can fail: a header followed by a cut that is not on a frame boundary.
    const bad = { ...info, chunkTable: info.chunkTable.map((x, k) => (k === 10 ? x + 5 : x)) };
    assert.notEqual(decodeFrom(bad, data, 10, dir), '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('flac truncated.flac: only the whole frames are chunks', async () => {
  const whole = parseFlac(read('flac.flac'));
  const data = read('truncated.flac');
  const info = parseFlac(data);
  const fits = ffprobe(fixture('flac.flac')).packets.filter((p) => p.pos + p.size <= data.length);
  assert.ok(fits.length >= 2 && fits.length < whole.chunksTotal);
  assert.equal(info.chunksTotal, fits.length);
  assert.deepEqual(info.chunkTable, whole.chunkTable.slice(0, fits.length + 1));
  assert.equal(info.durationMs, Math.round((fits.length * 4096 * 1000) / 44100));
  assert.deepEqual(info.tags, TEST_TAGS);
  // Cut inside the first frame, inside the metadata, right after the signature.
  for (const end of [whole.headerLen + 100, whole.headerLen, 2000, 4]) {
    await assert.rejects(flacHandler.parse(data.subarray(0, end)), AfhError, `cut at ${end}`);
  }
});

test('flac: non-flac input is rejected with AfhError', async () => {
  for (const name of ['text.flac', 'random.mp3', 'empty.mp3', 'cbr128.mp3', 'vorbis.ogg']) {
    await assert.rejects(flacHandler.parse(read(name)), AfhError, name);
  }
  // A valid signature and STREAMINFO followed by random bytes has no frames.
  const flac = read('flac.flac');
  const random = fs.readFileSync(fixture('random.mp3'));
  const fake = concat([flac.subarray(0, 42), random]);
  fake[4] = fake[4]! | 0x80; // STREAMINFO is the last metadata block
  await assert.rejects(flacHandler.parse(fake), AfhError);
});

test('flac: 60 s of 48 kHz 24 bit (flac -8) match ffprobe; parse speed', async (t) => {
  const dir = tempDir();
  try {
    const wav = path.join(dir, 'x.wav');
    const file = path.join(dir, 'x.flac');
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-b',
      '24',
      '-c',
      '2',
      wav,
      'synth',
      '60',
      'pinknoise',
    ]);
    execFileSync('flac', ['-s', '-f', '-8', '-o', file, wav]);
    const data = fs.readFileSync(file);
    const info = parseFlac(data);
    assertMatchesProbe(info, file, data);
    assert.equal(info.frequency, 48000);
    assert.equal(info.durationMs, 60000);
    assert.equal(info.techinfo, '24 bit, blocksize 4096');
    assert.deepEqual(parseFlac(data, { verifyCrc: true }).chunkTable, info.chunkTable);
    assert.equal(decodeFrom(info, data, 10, dir), '');

    const mbs = (verifyCrc: boolean): number => {
      const start = performance.now();
      for (let i = 0; i < 20; i++) parseFlac(data, { verifyCrc });
      return (20 * data.length) / 1000 / (performance.now() - start);
    };
    mbs(false);
    const fast = mbs(false);
    const checked = mbs(true);
    t.diagnostic(`parse ${fast.toFixed(0)} MB/s, with every CRC-16 ${checked.toFixed(0)} MB/s`);
    assert.ok(fast > 100, `parse speed ${fast.toFixed(0)} MB/s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** flac.flac cut into its header and frames. */
async function frames(): Promise<{ data: Uint8Array; header: Uint8Array; f: Uint8Array[] }> {
  const data = read('flac.flac');
  const t = parseFlac(data).chunkTable;
  const f: Uint8Array[] = [];
  for (let k = 0; k + 1 < t.length; k++) f.push(data.slice(t[k], t[k + 1]));
  return { data, header: data.subarray(0, t[0]), f };
}

/** Length of the frame header at the start of frame (number, extra size and rate bytes, CRC-8). */
function headerLength(frame: Uint8Array): number {
  const first = frame[4]!;
  const more = first < 0x80 ? 0 : Math.clz32(~(first << 24)) - 1;
  const bs = frame[2]! >> 4;
  const sr = frame[2]! & 15;
  const len = 5 + more + (bs === 6 ? 1 : bs === 7 ? 2 : 0) + (sr === 12 ? 1 : sr > 12 ? 2 : 0) + 1;
  assert.equal(crc8(frame, 0, len - 1), frame[len - 1], 'header CRC-8');
  return len;
}

/** Replaces a frame's trailing CRC-16 so that the edited frame is intact again. */
function fixCrc16(frame: Uint8Array): void {
  const crc = crc16(frame, 0, frame.length - 2);
  frame[frame.length - 2] = crc >> 8;
  frame[frame.length - 1] = crc & 0xff;
  assert.equal(crc16(frame, 0, frame.length), 0);
}

test('flac: false frame headers inside audio data do not split frames', async () => {
  const { data, header, f } = await frames();
  const orig = parseFlac(data);
  // In frame 20 a copy of frame 21's header (the next number); in frame 30 a copy of its own.
  const h21 = f[21]!.subarray(0, headerLength(f[21]!));
  f[20]!.set(h21, 3000);
  fixCrc16(f[20]!);
  f[30]!.set(f[30]!.subarray(0, headerLength(f[30]!)), 2500);
  fixCrc16(f[30]!);
  const edited = concat([header, ...f]);
  for (const verifyCrc of [false, true]) {
    assert.deepEqual(parseFlac(edited, { verifyCrc }).chunkTable, orig.chunkTable);
  }
});

test('flac: a missing frame is crossed, the frames after it stay chunks', async () => {
  const { header, f } = await frames();
  const kept = [...f.slice(0, 30), ...f.slice(31)];
  const info = parseFlac(concat([header, ...kept]));
  assert.equal(info.chunksTotal, kept.length);
  let pos = header.length;
  kept.forEach((frame, k) => {
    assert.equal(info.chunkTable[k], pos, `offset of chunk ${k}`);
    pos += frame.length;
  });
  assert.equal(info.chunkTable[kept.length], pos);
  assert.equal(info.durationMs, Math.round(((220500 - 4096) * 1000) / 44100));
});

test('flac: ID3v2 in front, ID3v1 at the end, STREAMINFO without total samples', async () => {
  const { data } = await frames();
  const orig = parseFlac(data);
  const id3v2 = new Uint8Array(10 + 300);
  id3v2.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 2, 300 - 256]); // "ID3", v2.4, size 300
  const id3v1 = new Uint8Array(128);
  id3v1.set([0x54, 0x41, 0x47]); // "TAG"
  const edited = concat([id3v2, data, id3v1]);
  const p = id3v2.length + 8 + 13; // total samples: low 4 bits of STREAMINFO byte 13, then 4 bytes
  edited[p] = edited[p]! & 0xf0;
  edited.fill(0, p + 1, p + 5);
  const info = parseFlac(edited);
  assert.deepEqual(
    info.chunkTable,
    orig.chunkTable.map((x) => x + id3v2.length),
  );
  assert.equal(info.headerLen, orig.headerLen + id3v2.length);
  assert.equal(info.durationMs, 5000, 'duration from the frames');
  assert.deepEqual(info.tags, TEST_TAGS);
});

/** UTF-8-like coding of frame and sample numbers (up to 36 bits). */
function codedNumber(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  let lead = 0xc0; // lead byte of 2 bytes: 110xxxxx, 5 bits
  let bits = 0x1f;
  for (;;) {
    out.unshift(0x80 | (n & 0x3f));
    n = Math.floor(n / 64);
    if (n <= bits) return [lead | n, ...out];
    lead = (lead >> 1) | 0x80;
    bits >>= 1;
  }
}

test('flac: a variable block size stream (sample numbers) matches ffprobe', async () => {
  const { header, f } = await frames();
  let sample = 0;
  const rebuilt = f.map((frame) => {
    const hl = headerLength(frame);
    const extras = frame.subarray(5, hl - 1); // frame numbers here are one byte
    const head = [0xff, 0xf9, frame[2]!, frame[3]!, ...codedNumber(sample), ...extras];
    const h = new Uint8Array([...head, 0]);
    h[h.length - 1] = crc8(h, 0, h.length - 1);
    const out = concat([h, frame.subarray(hl)]);
    fixCrc16(out);
    const bs = frame[2]! >> 4;
    sample += bs === 7 ? ((frame[5]! << 8) | frame[6]!) + 1 : 4096;
    return out;
  });
  assert.equal(sample, 220500);
  const dir = tempDir();
  try {
    const file = path.join(dir, 'variable.flac');
    const data = concat([header, ...rebuilt]);
    fs.writeFileSync(file, data);
    const info = parseFlac(data);
    assertMatchesProbe(info, file, data);
    assert.equal(info.techinfo, '16 bit, blocksize 4096 (variable)');
    assert.equal(decodeFrom(info, data, 10, dir), '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('flac: damaged copies give AfhError or a sound table, never anything else', async () => {
  const data = read('flac.flac');
  let seed = 12345;
  const random = (below: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 2 ** 32) * below);
  };
  let accepted = 0;
  for (let i = 0; i < 300; i++) {
    const copy = data.slice(0, i % 3 === 0 ? random(data.length) : data.length);
    const flips = 1 + random(20);
    // every other round hits the metadata and the first frames, where damage matters most
    const span = i % 2 === 0 ? Math.min(copy.length, 12000) : copy.length;
    for (let k = 0; k < flips && span > 0; k++) copy[random(span)] = random(256);
    let info: AudioFormatInfo;
    try {
      info = parseFlac(copy);
    } catch (err) {
      assert.ok(err instanceof AfhError, `round ${i}: ${String(err)}`);
      continue;
    }
    accepted++;
    const t = info.chunkTable;
    assert.equal(t.length, info.chunksTotal + 1);
    assert.ok(info.chunksTotal > 0 && t[0] === info.headerLen);
    for (let k = 0; k < info.chunksTotal; k++) assert.ok(t[k]! < t[k + 1]!, `round ${i}`);
    assert.ok(t[info.chunksTotal]! <= copy.length);
    assert.ok(Number.isFinite(info.chunkTimeUs) && info.chunkTimeUs > 0);
  }
  assert.ok(accepted > 50, `${accepted} damaged copies still parse`);
});

test('flac: tag keys are case-insensitive, DESCRIPTION stands in for COMMENT', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'tags.flac');
    fs.copyFileSync(fixture('flac.flac'), file);
    const tag = (kv: string): string => `--set-tag=${kv}`;
    execFileSync('metaflac', [
      '--remove-all-tags',
      tag('artist=Lower Case'),
      tag('Title=Ünïcode – “quoted”'),
      tag('Date=1999-12-31'),
      tag('ALBUM=First'),
      tag('album=Second'),
      tag('Description=the description'),
      file,
    ]);
    const info = parseFlac(fs.readFileSync(file));
    assert.deepEqual(info.tags, {
      artist: 'Lower Case',
      title: 'Ünïcode – “quoted”',
      year: '1999-12-31',
      album: 'First',
      comment: 'the description',
    });
    execFileSync('metaflac', [tag('COMMENT=the comment'), file]);
    assert.equal(parseFlac(fs.readFileSync(file)).tags.comment, 'the comment');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('flac handler: chunk 0 is the header; the stream header is STREAMINFO only and decodes', async () => {
  const data = read('flac.flac');
  const frames = parseFlac(data);
  const info = await flacHandler.parse(data);
  assert.equal(info.chunksTotal, frames.chunksTotal + 1);
  assert.equal(info.chunkTable[0], 0);
  assert.equal(info.chunkTable[1], info.headerLen);
  assert.deepEqual([...info.chunkTable.slice(1)], [...frames.chunkTable]);
  assert.equal(info.chunkTimeUs, frames.chunkTimeUs);
  const header = flacHandler.getHeader!(data, info.headerLen);
  assert.equal(header.length, 42);
  assert.ok(header.length < info.headerLen, 'the cover picture is not resent');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flac-hdr-'));
  try {
    const file = path.join(dir, 'stream.flac');
    const t = info.chunkTable;
    fs.writeFileSync(file, concat([header, data.subarray(t[5], t[info.chunksTotal])]));
    const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    assert.equal(run.status, 0);
    assert.equal(run.stderr.toString(), '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
