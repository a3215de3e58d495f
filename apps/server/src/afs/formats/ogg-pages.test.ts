// Tests of the ogg page layer: CRC, page scanner, packet reassembly and the page writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../../../test/fixtures.js';
import {
  OggPacketReader,
  OggPageScanner,
  PAGE_BOS,
  PAGE_CONTINUED,
  PAGE_EOS,
  oggCrcUpdate,
  pageCrc,
  writePages,
} from './ogg-pages.js';
import { AfhError } from './types.js';

/** Bit-by-bit reference of the ogg CRC. */
function slowCrc(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 24;
    for (let b = 0; b < 8; b++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

test('CRC: check value and slicing-by-8 against the bitwise reference', () => {
  // CRC-32/POSIX (cksum) without its final inversion: 0x765e7680 ^ 0xffffffff
  const check = new TextEncoder().encode('123456789');
  assert.equal(oggCrcUpdate(0, check, 0, check.length) >>> 0, 0x89a1897f);
  const data = new Uint8Array(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) & 255;
  for (let len = 0; len <= 40; len++) {
    const part = data.subarray(len, len * 6);
    assert.equal(oggCrcUpdate(0, part, 0, part.length) >>> 0, slowCrc(part));
  }
});

test('scanner: every page of vorbis.ogg, CRCs valid, fields decoded', () => {
  const data = new Uint8Array(fs.readFileSync(fixture('vorbis.ogg')));
  const sc = new OggPageScanner(data);
  const offsets: number[] = [];
  let last = -1;
  let end = 0;
  while (sc.next()) {
    assert.equal(sc.offset, end, 'pages are contiguous');
    assert.equal(
      pageCrc(data, sc.offset, sc.end),
      new DataView(data.buffer).getUint32(sc.offset + 22, true),
    );
    offsets.push(sc.offset);
    if (offsets.length === 1) assert.ok(sc.headerType & PAGE_BOS);
    assert.equal(sc.sequence, offsets.length - 1);
    if (sc.granule >= 0) last = sc.granule;
    end = sc.end;
  }
  assert.equal(end, data.length);
  assert.equal(sc.skipped, 0);
  assert.ok(sc.headerType & PAGE_EOS);
  // the same capture patterns a naive search finds
  const naive: number[] = [];
  for (
    let p = Buffer.from(data).indexOf('OggS');
    p >= 0;
    p = Buffer.from(data).indexOf('OggS', p + 1)
  ) {
    naive.push(p);
  }
  assert.deepEqual(offsets, naive);
  assert.equal(last, 220500); // 5 s at 44.1 kHz
});

test('scanner: skips garbage, damaged and cut-off pages', () => {
  const page = writePages([[new Uint8Array([1, 2, 3])]], 7, 0);
  const damaged = page.slice();
  damaged[28] = 9; // body byte, CRC now wrong
  const parts = [
    new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2]),
    page,
    damaged,
    page,
    page.subarray(0, 30),
  ];
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  const sc = new OggPageScanner(data);
  const found: number[] = [];
  while (sc.next()) found.push(sc.offset);
  assert.deepEqual(found, [6, 6 + 2 * page.length]);
  assert.equal(sc.skipped, 6 + page.length + 30);
  assert.equal(new OggPageScanner(new Uint8Array(0)).next(), false);
});

test('writer and packet reader round trip, packets across pages', () => {
  const sizes = [0, 1, 254, 255, 256, 510, 70000, 65025, 3];
  const packets = sizes.map((n, i) => Uint8Array.from({ length: n }, (_, k) => (k * 31 + i) & 255));
  const data = writePages([[packets[0]!], packets.slice(1, 5), packets.slice(5)], 0xdeadbeef, 5);
  const sc = new OggPageScanner(data);
  assert.ok(sc.next());
  assert.equal(sc.serial, 0xdeadbeef);
  assert.equal(sc.sequence, 5);
  assert.equal(sc.headerType, PAGE_BOS);
  const reader = new OggPacketReader(sc, 0xdeadbeef);
  for (const p of packets) assert.deepEqual(reader.next(), p);
  assert.equal(reader.next(), undefined);
  assert.equal(reader.pageEnd, data.length);
  // page structure: groups start pages, continued flags and granule -1 on pages without a packet end
  const pages: { type: number; granule: number; segments: number }[] = [];
  const again = new OggPageScanner(data);
  while (again.next())
    pages.push({ type: again.headerType, granule: again.granule, segments: again.segments });
  assert.equal(again.skipped, 0);
  assert.equal(pages[1]!.type, 0);
  assert.deepEqual(
    pages.map((p) => p.type),
    [PAGE_BOS, 0, 0, PAGE_CONTINUED, PAGE_CONTINUED],
  );
  assert.ok(pages.every((p) => p.segments <= 255));
  // lacing values: group 1: 1; group 2: 1+1+2+2; group 3: 3+275+256+1 = 535 -> 3 pages
  assert.equal(pages.length, 5);
});

test('packet reader: a missing page is an AfhError', () => {
  const big = new Uint8Array(255 * 255 * 2);
  const data = writePages([[new Uint8Array(1)], [big]], 1, 0);
  // 511 lacing values: two full pages on which no packet ends, then the terminating 0
  const granules: number[] = [];
  const all = new OggPageScanner(data);
  while (all.next()) granules.push(all.granule);
  assert.deepEqual(granules, [0, -1, -1, 0]);
  const sc = new OggPageScanner(data);
  assert.ok(sc.next());
  const reader = new OggPacketReader(sc, 1);
  assert.equal(reader.next()?.length, 1);
  // drop the second page: the reader sees a sequence gap
  const second = new OggPageScanner(data);
  second.next();
  second.next();
  const gap = new Uint8Array(data.length - (second.end - second.offset));
  gap.set(data.subarray(0, second.offset));
  gap.set(data.subarray(second.end), second.offset);
  const sc2 = new OggPageScanner(gap);
  sc2.next();
  const r2 = new OggPacketReader(sc2, 1);
  r2.next();
  assert.throws(() => r2.next(), AfhError);
});
