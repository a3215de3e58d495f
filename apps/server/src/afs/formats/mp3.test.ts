// Checks the mp3 handler against ffprobe on the encoder-made fixtures, on broken input, and on
// synthetic streams (junk between frames, trailing tags, layer I/II, MPEG 2.5).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture, fixtures } from '../../../test/fixtures.js';
import { mp3Handler } from './mp3.js';
import type { AudioFormatInfo, Tags } from './types.js';
import { AfhError } from './types.js';

const TEST_TAGS: Tags = {
  artist: 'Test Artist',
  title: 'Test Title',
  year: '2024',
  album: 'Test Album',
  comment: 'test comment',
};
const NO_TAGS: Tags = { artist: '', title: '', year: '', album: '', comment: '' };

const EXPECTED: Record<
  string,
  { tags: Tags; techinfo: string; channels: number; bitrate: number }
> = {
  'cbr128.mp3': {
    tags: TEST_TAGS,
    techinfo: 'cbr, joint stereo, id3: v2',
    channels: 2,
    bitrate: 128,
  },
  'vbr.mp3': { tags: TEST_TAGS, techinfo: 'vbr, joint stereo, id3: v2', channels: 2, bitrate: 135 },
  'id3v1.mp3': {
    tags: TEST_TAGS,
    techinfo: 'cbr, joint stereo, id3: v1',
    channels: 2,
    bitrate: 128,
  },
  'id3v1v2.mp3': {
    tags: TEST_TAGS,
    techinfo: 'cbr, joint stereo, id3: v1+v2',
    channels: 2,
    bitrate: 128,
  },
  'id3v24.mp3': {
    tags: { ...TEST_TAGS, title: 'Ünïcode – “quoted”' },
    techinfo: 'cbr, joint stereo, id3: v2',
    channels: 2,
    bitrate: 128,
  },
  'mono22.mp3': {
    tags: { ...NO_TAGS, artist: 'Mono Artist', title: 'Mono Title' },
    techinfo: 'cbr, mono, id3: v1+v2',
    channels: 1,
    bitrate: 64,
  },
  'notags.mp3': {
    tags: NO_TAGS,
    techinfo: 'cbr, joint stereo, id3: none',
    channels: 2,
    bitrate: 128,
  },
};

function read(name: string): Uint8Array {
  return fs.readFileSync(fixture(name));
}

/** The handler's view must equal ffprobe's packet list one for one. */
function assertMatchesProbe(
  info: AudioFormatInfo,
  file: string,
  data: Uint8Array,
  encoderMade = true,
): void {
  const probe = ffprobe(file);
  const t = info.chunkTable;
  assert.equal(info.chunksTotal, probe.packets.length, 'one chunk per ffprobe packet');
  assert.equal(t.length, info.chunksTotal + 1);
  probe.packets.forEach((pk, k) => {
    assert.equal(t[k], pk.pos, `offset of chunk ${k}`);
    assert.equal(t[k + 1]! - t[k], pk.size, `size of chunk ${k}`);
  });
  assert.ok(t[info.chunksTotal]! <= data.length);
  const packetMs = probe.packets.reduce((s, p) => s + p.durationSec, 0) * 1000;
  const frameMs = (probe.packets[0]?.durationSec ?? 0) * 1000;
  assert.ok(Math.abs(info.durationMs - packetMs) <= 1, 'duration = sum of packet durations');
  if (encoderMade) {
    // (ffprobe's container duration is a size/bitrate estimate without a Xing frame.)
    assert.ok(Math.abs(info.durationMs - probe.durationSec * 1000) <= frameMs, 'duration');
    assert.equal(info.secondsTotal, Math.floor(probe.durationSec));
  }
  const paced = (info.chunkTimeUs * info.chunksTotal) / 1000;
  assert.ok(Math.abs(paced - packetMs) < packetMs / 100, 'pacing within 1%');
  assert.equal(info.frequency, probe.sampleRate);
  assert.equal(info.channels, probe.channels);
  assert.equal(info.maxChunkSize, Math.max(...probe.packets.map((p) => p.size)));
  assert.equal(info.headerLen, 0);
  // The header bitrate; the synthetic stream never pads, so its byte rate is a bit lower.
  const bytes = probe.packets.reduce((s, p) => s + p.size, 0);
  if (encoderMade) assert.ok(Math.abs(info.bitrate - (bytes * 8) / packetMs) < 1, 'bitrate');
}

for (const [name, want] of Object.entries(EXPECTED)) {
  test(`mp3 ${name}: chunks, duration, format and tags match ffprobe`, async () => {
    const data = read(name);
    const info = await mp3Handler.parse(data);
    assert.equal(info.format, 'mp3');
    assertMatchesProbe(info, fixture(name), data);
    assert.equal(info.channels, want.channels);
    assert.equal(info.bitrate, want.bitrate);
    assert.equal(info.techinfo, want.techinfo);
    assert.deepEqual(info.tags, want.tags);
    // ffprobe's own view of the tags, where it has one (it skips lame's BOM-less COMM frame).
    const probeTags = ffprobe(fixture(name)).tags;
    for (const [field, key] of [
      ['artist', 'artist'],
      ['title', 'title'],
      ['album', 'album'],
      ['year', 'date'],
      ['comment', 'comment'],
    ] as const) {
      const v = probeTags[key];
      if (v !== undefined) assert.equal(info.tags[field], v, `${field} as ffprobe reads it`);
    }
  });
}

test('mp3: broken and non-mp3 input is rejected with AfhError', async () => {
  const dir = fixtures();
  const others = fs.readdirSync(dir).filter((f) => !f.endsWith('.mp3') && !f.startsWith('.'));
  assert.ok(others.includes('vorbis.ogg') && others.includes('flac.flac'));
  for (const name of ['truncated.mp3', 'random.mp3', 'empty.mp3', ...others]) {
    await assert.rejects(mp3Handler.parse(read(name)), AfhError, name);
  }
  await assert.rejects(mp3Handler.parse(new Uint8Array([0xff, 0xfb, 0x90, 0x64])), AfhError);
});

/** notags.mp3 cut into its frames (it has no Xing frame, so every frame is a chunk). */
async function frames(): Promise<Uint8Array[]> {
  const data = read('notags.mp3');
  const t = (await mp3Handler.parse(data)).chunkTable;
  const out: Uint8Array[] = [];
  for (let k = 0; k + 1 < t.length; k++) out.push(data.subarray(t[k], t[k + 1]));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

test('mp3: junk between two frames is skipped and ends up in the chunk before it', async () => {
  const f = await frames();
  // The junk holds a valid-looking frame header that is not followed by frames.
  const junk = new Uint8Array(700).fill(0x55);
  junk.set([0xff, 0xfb, 0x90, 0x64], 100);
  const data = concat([...f.slice(0, 10), junk, ...f.slice(10)]);
  const info = await mp3Handler.parse(data);
  assert.equal(info.chunksTotal, f.length);
  let pos = 0;
  for (let k = 0; k < f.length; k++) {
    assert.equal(info.chunkTable[k], pos, `offset of chunk ${k}`);
    pos += f[k]!.length + (k === 9 ? junk.length : 0);
  }
  assert.equal(info.chunkTable[f.length], data.length);
  assert.equal(info.maxChunkSize, f[9]!.length + junk.length);
});

test('mp3: leading junk, a truncated last frame and trailing APEv2 + ID3v1 tags', async () => {
  const f = await frames();
  const ape = (isHeader: boolean): Uint8Array => {
    const b = Buffer.alloc(32);
    b.write('APETAGEX', 0, 'latin1');
    b.writeUInt32LE(2000, 8);
    b.writeUInt32LE(32, 12); // items (none) + footer
    b.writeUInt32LE((0x80000000 | (isHeader ? 0x20000000 : 0)) >>> 0, 20);
    return b;
  };
  const v1 = Buffer.alloc(128);
  v1.write('TAGv1 title', 0, 'latin1');
  const lead = new Uint8Array(300).fill(0);
  const data = concat([lead, ...f, ape(true), ape(false), v1]);
  const info = await mp3Handler.parse(data);
  assert.equal(info.chunksTotal, f.length);
  assert.equal(info.chunkTable[0], lead.length);
  assert.equal(info.chunkTable[f.length], data.length - 64 - 128);
  assert.equal(info.tags.title, 'v1 title');
  assert.equal(info.techinfo, 'cbr, joint stereo, id3: v1');

  const cut = concat(f).subarray(0, -100);
  const shorter = await mp3Handler.parse(cut);
  assert.equal(shorter.chunksTotal, f.length - 1, 'a truncated frame is not a chunk');
  assert.equal(shorter.chunkTable[f.length - 1], cut.length - (f.at(-1)!.length - 100));
});

test('mp3: layer I, layer II and MPEG 2.5 streams match ffprobe', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp3-test-'));
  try {
    // Layer I, MPEG 1, 128 kbit/s, 44.1 kHz, mono, no CRC; all-zero payload is valid silence.
    const frame = new Uint8Array(136);
    frame.set([0xff, 0xff, 0x40, 0xc0]);
    const layer1 = path.join(dir, 'layer1.mp3');
    fs.writeFileSync(layer1, concat(Array.from({ length: 50 }, () => frame)));
    const src = fixture('notags.mp3');
    const layer2 = path.join(dir, 'layer2.mp2');
    const mpeg25 = path.join(dir, 'mpeg25.mp3');
    const q = { stdio: 'ignore' } as const;
    execFileSync(
      'ffmpeg',
      ['-v', 'error', '-i', src, '-c:a', 'mp2', '-b:a', '192k', '-f', 'mp2', layer2],
      q,
    );
    execFileSync(
      'ffmpeg',
      [
        '-v',
        'error',
        '-i',
        src,
        '-ar',
        '8000',
        '-ac',
        '1',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '16k',
        mpeg25,
      ],
      q,
    );
    const want = { [layer1]: 'cbr, mono, id3: none', [layer2]: 'cbr, stereo, id3: none' };
    for (const file of [layer1, layer2, mpeg25]) {
      const data = fs.readFileSync(file);
      const info = await mp3Handler.parse(data);
      assertMatchesProbe(info, file, data, file !== layer1);
      if (want[file]) assert.equal(info.techinfo, want[file]);
    }
    assert.equal((await mp3Handler.parse(fs.readFileSync(mpeg25))).frequency, 8000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('mp3: damaged copies of the fixtures parse or throw AfhError, never a bad table', async () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const sources = Object.keys(EXPECTED).map(read);
  for (let i = 0; i < 300; i++) {
    const src = sources[i % sources.length]!;
    let data: Uint8Array = Uint8Array.from(src);
    const kind = i % 3;
    if (kind === 0) data = data.subarray(0, rand(data.length));
    for (let j = 0; j < 1 + rand(40) && data.length > 0; j++) data[rand(data.length)] = rand(256);
    if (kind === 2) data = concat([data.subarray(0, 40), data.subarray(rand(data.length))]);
    let info: AudioFormatInfo;
    try {
      info = await mp3Handler.parse(data);
    } catch (err) {
      assert.ok(err instanceof AfhError, String(err));
      continue;
    }
    const t = info.chunkTable;
    assert.equal(t.length, info.chunksTotal + 1);
    for (let k = 0; k < info.chunksTotal; k++) assert.ok(t[k]! < t[k + 1]!);
    assert.ok(t[info.chunksTotal]! <= data.length);
  }
});
