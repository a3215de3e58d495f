// Tests of the shared ogg chunking, header rebuild and robustness, for all three ogg handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture } from '../../../test/fixtures.js';
import { ffprobe } from '../../../test/ffprobe.js';
import { OggPageScanner, pageCrc } from './ogg-pages.js';
import { opusHandler } from './opus.js';
import { speexHandler } from './speex.js';
import { AfhError, type AudioFormatHandler, type AudioFormatInfo } from './types.js';
import { vorbisHandler } from './vorbis.js';

const CASES: { file: string; handler: AudioFormatHandler }[] = [
  { file: 'vorbis.ogg', handler: vorbisHandler },
  { file: 'opus.opus', handler: opusHandler },
  // made by make-fixtures.sh only if ffmpeg has libspeex; it has on this machine, so a missing
  // file must fail here (readFileSync throws), not be skipped
  { file: 'speex.spx', handler: speexHandler },
];

const read = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(fixture(name)));
const isOggS = (d: Uint8Array, p: number): boolean =>
  d[p] === 0x4f && d[p + 1] === 0x67 && d[p + 2] === 0x67 && d[p + 3] === 0x53;

/** The invariants every result must satisfy, damaged input or not. */
function checkTable(info: AudioFormatInfo, data: Uint8Array): void {
  const t = info.chunkTable;
  assert.equal(t.length, info.chunksTotal + 1);
  assert.equal(t[0], 0);
  assert.equal(t[1], info.headerLen);
  for (let k = 0; k + 1 < t.length; k++) assert.ok(t[k]! <= t[k + 1]!, `table not sorted at ${k}`);
  assert.ok(t[t.length - 1]! <= data.length);
  for (let k = 1; k < info.chunksTotal; k++) {
    if (t[k + 1]! > t[k]!) assert.ok(isOggS(data, t[k]!), `chunk ${k} does not start a page`);
  }
  let max = 0;
  for (let k = 0; k < info.chunksTotal; k++) max = Math.max(max, t[k + 1]! - t[k]!);
  assert.equal(info.maxChunkSize, max);
  assert.ok(info.chunkTimeUs > 0 && Number.isFinite(info.durationMs) && info.durationMs > 0);
}

async function assertAfhError(p: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(p, (e) => e instanceof AfhError, what);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-ogg-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

for (const { file, handler } of CASES) {
  test(`${file}: duration, frequency, channels, tags and bitrate match ffprobe`, async () => {
    const data = read(file);
    const info = await handler.parse(data);
    const probe = ffprobe(fixture(file));
    assert.equal(info.format, handler.name);
    assert.ok(Math.abs(info.durationMs / 1000 - probe.durationSec) <= probe.durationSec * 0.01);
    assert.equal(info.secondsTotal, Math.floor(info.durationMs / 1000));
    assert.equal(info.frequency, probe.sampleRate);
    assert.equal(info.channels, probe.channels);
    assert.deepEqual(info.tags, {
      artist: probe.tags.artist,
      title: probe.tags.title,
      year: probe.tags.date,
      album: probe.tags.album,
      comment: probe.tags.comment,
    });
    assert.equal(info.tags.artist, 'Test Artist');
    assert.ok(info.bitrate > 10 && info.bitrate < 200, `bitrate ${info.bitrate}`);
    assert.ok(info.techinfo.length > 0);
  });

  test(`${file}: chunks are whole pages covering the file, paced by granule position`, async () => {
    const data = read(file);
    const info = await handler.parse(data);
    checkTable(info, data);
    const t = info.chunkTable;
    assert.equal(t[t.length - 1], data.length, 'chunks end at the last page');
    const secs = info.durationMs / 1000;
    assert.ok(Math.abs((info.chunkTimeUs * info.chunksTotal) / 1e6 - secs) <= secs * 0.01);
    const packets = ffprobe(fixture(file)).packets;
    assert.ok(packets.length > 100);
    const T = info.chunkTimeUs / 1e6;
    for (const pk of packets) assert.ok(pk.pos >= info.headerLen && pk.pos < data.length);
    // every packet due by chunk k's send time has been sent by then ...
    for (let k = 1; k < info.chunksTotal; k++) {
      for (const pk of packets) {
        if (pk.ptsSec + pk.durationSec <= k * T - 0.002) {
          assert.ok(pk.pos < t[k + 1]!, `packet at ${pk.ptsSec}s late: chunk ${k}`);
        }
      }
    }
    // ... and a non-empty chunk starts with audio that is due at its send time at the latest
    // (the last chunk also takes the pages after the last boundary: one chunk time more)
    for (let k = 2; k < info.chunksTotal; k++) {
      if (t[k + 1] === t[k]) continue;
      const firstPts = Math.min(...packets.filter((p) => p.pos === t[k]).map((p) => p.ptsSec));
      const due = (k === info.chunksTotal - 1 ? k + 1 : k) * T;
      assert.ok(firstPts <= due + 0.002, `chunk ${k} sent too early (${firstPts}s)`);
    }
  });

  test(`${file}: getHeader + chunks 1..n decode with ffmpeg`, async () => {
    const data = read(file);
    const info = await handler.parse(data);
    assert.equal(typeof handler.getHeader, 'function');
    const header = handler.getHeader!(data, info.headerLen);
    assert.ok(header.length <= info.headerLen);
    // the rebuilt header is a run of valid pages (CRC checked) of the same stream
    const sc = new OggPageScanner(header);
    const first = new OggPageScanner(data);
    assert.ok(sc.next() && first.next());
    assert.equal(sc.serial, first.serial);
    while (sc.next());
    assert.equal(sc.skipped, 0);
    const out = path.join(tmp, `rebuilt-${file}`);
    const t = info.chunkTable;
    fs.writeFileSync(out, Buffer.concat([header, data.subarray(t[1], t[info.chunksTotal])]));
    const run = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
    const original = ffprobe(fixture(file)).durationSec;
    const rebuilt = ffprobe(out);
    assert.ok(Math.abs(rebuilt.durationSec - original) <= original * 0.01);
    assert.equal(rebuilt.packets.length, ffprobe(fixture(file)).packets.length);
    // the rebuilt file parses the same, without the user comments
    const again = await handler.parse(new Uint8Array(fs.readFileSync(out)));
    assert.equal(again.durationMs, info.durationMs);
    assert.equal(again.chunksTotal, info.chunksTotal);
    assert.deepEqual(again.tags, { artist: '', title: '', year: '', album: '', comment: '' });
  });

  test(`${file}: broken input gives AfhError, never another exception`, async () => {
    for (const bad of ['random.ogg', 'empty.mp3', 'text.flac', 'cbr128.mp3', 'flac.flac']) {
      await assertAfhError(handler.parse(read(bad)), `${handler.name} on ${bad}`);
      assert.throws(() => handler.getHeader!(read(bad), 0), AfhError);
    }
    for (const other of CASES) {
      if (other.handler === handler) continue;
      await assertAfhError(handler.parse(read(other.file)), `${handler.name} on ${other.file}`);
    }
    const data = read(file);
    const info = await handler.parse(data);
    // cut inside the header: nothing usable
    await assertAfhError(handler.parse(data.subarray(0, info.headerLen - 1)), 'cut header');
    // header only, no audio page
    await assertAfhError(handler.parse(data.subarray(0, info.headerLen)), 'header only');
  });

  test(`${file}: truncations and corruptions parse only complete pages or throw AfhError`, async () => {
    const data = read(file);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 150; i++) {
      const cut = data.subarray(0, rand(data.length));
      try {
        const info = await handler.parse(cut);
        checkTable(info, cut);
        // the table ends at the end of the last complete page
        const end = info.chunkTable[info.chunksTotal]!;
        assert.ok(!new OggPageScanner(cut, end).next(), `complete page after the table end`);
      } catch (e) {
        assert.ok(e instanceof AfhError, String(e));
      }
    }
    for (let i = 0; i < 150; i++) {
      const bad = data.slice();
      for (let n = 1 + rand(4); n > 0; n--) bad[rand(bad.length)] = rand(256);
      try {
        checkTable(await handler.parse(bad), bad);
        handler.getHeader!(bad, 0);
      } catch (e) {
        assert.ok(e instanceof AfhError, String(e));
      }
    }
  });
}

test('truncated.ogg: the cut-off last page is in no chunk', async () => {
  const data = read('truncated.ogg');
  const info = await vorbisHandler.parse(data);
  checkTable(info, data);
  const t = info.chunkTable;
  const end = t[t.length - 1]!;
  assert.ok(end < data.length && isOggS(data, end), 'table ends where the cut page starts');
  const probe = ffprobe(fixture('truncated.ogg'));
  assert.ok(Math.abs(info.durationMs / 1000 - probe.durationSec) <= probe.durationSec * 0.01);
});

test('a damaged page inside the stream is skipped, the rest still chunked', async () => {
  const data = read('vorbis.ogg');
  const info = await vorbisHandler.parse(data);
  const bad = data.slice();
  const page = info.chunkTable.find((o) => o > info.headerLen + 5000)!;
  bad[page + 100] = 255 - bad[page + 100]!; // a body byte: the CRC no longer matches
  const damaged = await vorbisHandler.parse(bad);
  checkTable(damaged, bad);
  assert.equal(damaged.durationMs, info.durationMs);
  assert.ok(!damaged.chunkTable.includes(page), 'no chunk starts at the damaged page');
  // garbage in front of the first page is skipped like libogg does
  const junk = new Uint8Array(1000 + data.length);
  junk.set(data, 1000);
  const shifted = await vorbisHandler.parse(junk);
  assert.equal(shifted.durationMs, info.durationMs);
  assert.equal(shifted.headerLen, info.headerLen + 1000);
  assert.equal(shifted.chunksTotal, info.chunksTotal);
});

test('granule positions: absurd jumps are AfhError, a shifted stream start is accepted', async () => {
  const data = read('vorbis.ogg');
  const info = await vorbisHandler.parse(data);
  const setGranule = (file: Uint8Array, page: number, delta: number): void => {
    const view = new DataView(file.buffer, file.byteOffset);
    const g = view.getUint32(page + 6, true) + view.getInt32(page + 10, true) * 2 ** 32 + delta;
    view.setUint32(page + 6, g >>> 0, true);
    view.setInt32(page + 10, Math.floor(g / 2 ** 32), true);
    view.setUint32(page + 22, pageCrc(file, page, file.length), true);
  };
  const pages: number[] = [];
  const sc = new OggPageScanner(data, info.headerLen);
  while (sc.next()) pages.push(sc.offset);
  // one page claiming 2^40 samples would otherwise make a table of billions of chunks
  const jump = data.slice();
  const page = pages[5]!;
  setGranule(jump.subarray(0, pages[6]), page, 2 ** 40);
  await assert.rejects(vorbisHandler.parse(jump), AfhError);
  // every page shifted: a stream cut out of a longer one; the first page counts as its start
  const shifted = data.slice();
  for (let i = 0; i < pages.length; i++) {
    setGranule(shifted.subarray(0, pages[i + 1] ?? shifted.length), pages[i]!, 10_000_000);
  }
  const moved = await vorbisHandler.parse(shifted);
  checkTable(moved, shifted);
  const firstPageMs = (16064 / 44100) * 1000;
  assert.ok(Math.abs(moved.durationMs - (info.durationMs - firstPageMs)) <= 1);
});

test('ffmpeg is there to check against', () => {
  assert.match(execFileSync('ffmpeg', ['-version']).toString(), /ffmpeg version/);
});
