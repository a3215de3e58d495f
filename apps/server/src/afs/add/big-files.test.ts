// add of big m4a and wma files costs their tables, not their size (issue 13 item 4): the files are
// made sparse (their atoms and headers written, the media data a hole), 600 MB each, over the
// 512 MB the whole-file path refused; and damaged ones are refused clearly, nothing added.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { formatId } from '../formats/index.js';
import { parseWma, parseWmaFrom } from '../formats/wma.js';

interface Out {
  added: number;
  errors: { path: string; reason: string }[];
}

const MB = 1024 * 1024;
const BIG = 600 * MB;

const be16 = (n: number): Buffer => Buffer.from([n >> 8, n & 255]);
function be32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([be32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
/** a full atom, version 0 and no flags */
const full = (type: string, ...parts: Buffer[]): Buffer => box(type, Buffer.alloc(4), ...parts);
const descriptor = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag, body.length]), body]);
};

/** sample k's size: 372..435 bytes, about 128 kbit/s of AAC LC at 44.1 kHz */
const sampleSize = (k: number): number => 372 + ((k * 7919) % 64);
const PER_CHUNK = 1000;

/**
 * An m4a (AAC LC, 44.1 kHz stereo) of about `bytes` bytes whose samples are a hole: ftyp, then an
 * mdat with a 64-bit size and the moov atom after it (as ffmpeg writes it), or the moov first
 * (faststart); `short` bytes of the end are left out, as in a copy that stopped short.
 */
function sparseM4a(file: string, bytes: number, moovFirst = false, short = 0): { samples: number } {
  const n = Math.floor(bytes / 404 / PER_CHUNK) * PER_CHUNK;
  const sizes = Buffer.alloc(4 * n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    sizes.writeUInt32BE(sampleSize(k), 4 * k);
    total += sampleSize(k);
  }
  const ftyp = box('ftyp', Buffer.from('M4A '), be32(0), Buffer.from('M4A isom'));
  const mdatHeader = Buffer.concat([be32(1), Buffer.from('mdat'), Buffer.alloc(8)]);
  mdatHeader.writeBigUInt64BE(BigInt(16 + total), 8);
  const esds = full(
    'esds',
    descriptor(
      3,
      be16(1),
      Buffer.from([0]),
      descriptor(
        4,
        Buffer.from([0x40, 0x15, 0, 0, 0]),
        be32(128_000),
        be32(128_000),
        descriptor(5, Buffer.from([0x12, 0x10])), // AAC LC, 44.1 kHz, stereo
      ),
    ),
  );
  const mp4a = box(
    'mp4a',
    Buffer.alloc(6),
    be16(1),
    Buffer.alloc(8), // version, revision, vendor
    be16(2),
    be16(16),
    Buffer.alloc(4),
    be32(44100 * 65536),
    esds,
  );
  const mdhd = full('mdhd', be32(0), be32(0), be32(44100), be32(n * 1024), be16(0x55c4), be16(0));
  const hdlr = full('hdlr', be32(0), Buffer.from('soun'), Buffer.alloc(13));
  // the moov's size does not depend on where the samples are
  const moovFor = (mdatBody: number): Buffer => {
    const offsets = Buffer.alloc(4 * (n / PER_CHUNK));
    for (let c = 0, pos = mdatBody; c < n / PER_CHUNK; c++) {
      offsets.writeUInt32BE(pos, 4 * c);
      for (let k = c * PER_CHUNK; k < (c + 1) * PER_CHUNK; k++) pos += sampleSize(k);
    }
    const stbl = box(
      'stbl',
      full('stsd', be32(1), mp4a),
      full('stts', be32(1), be32(n), be32(1024)),
      full('stsc', be32(1), be32(1), be32(PER_CHUNK), be32(1)),
      full('stsz', be32(0), be32(n), sizes),
      full('stco', be32(n / PER_CHUNK), offsets),
    );
    return box('moov', box('trak', box('mdia', mdhd, hdlr, box('minf', stbl))));
  };
  const moovLen = moovFor(0).length;
  const mdatAt = ftyp.length + (moovFirst ? moovLen : 0);
  const moov = moovFor(mdatAt + mdatHeader.length);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, ftyp, 0, ftyp.length, 0);
  fs.writeSync(fd, mdatHeader, 0, mdatHeader.length, mdatAt);
  fs.writeSync(fd, moov, 0, moov.length, moovFirst ? ftyp.length : mdatAt + 16 + total);
  fs.closeSync(fd);
  if (moovFirst) fs.truncateSync(file, mdatAt + 16 + total);
  if (short > 0) fs.truncateSync(file, fs.statSync(file).size - short);
  return { samples: n };
}

/** ASF File Properties object GUID as stored */
const FILE_PROPERTIES = Buffer.from('a1dcab8c47a9cf118ee400c00c205365', 'hex');

/**
 * The wma fixture's header with its packet count and durations scaled to about `bytes` bytes,
 * the data packets a hole (all but the fixture's own, copied first); `short` leaves the
 * last bytes out.
 */
function sparseWma(file: string, bytes: number, short = 0): { chunks: number } {
  const orig = fs.readFileSync(fixture('wma.wma'));
  const info = parseWma(new Uint8Array(orig));
  const head = Buffer.from(orig.subarray(0, info.headerLen));
  const headerSize = Number(head.readBigUInt64LE(16));
  let props = 30;
  while (!head.subarray(props, props + 16).equals(FILE_PROPERTIES)) {
    props += Number(head.readBigUInt64LE(props + 16));
  }
  const packetSize = head.readUInt32LE(props + 92);
  const oldPackets = Number(head.readBigUInt64LE(props + 56));
  const packets = Math.floor((bytes - info.headerLen) / packetSize);
  const scale = packets / oldPackets;
  const preroll = head.readBigUInt64LE(props + 80) * 10_000n;
  for (const at of [64, 72]) {
    const d = head.readBigUInt64LE(props + at);
    head.writeBigUInt64LE(BigInt(Math.round(Number(d - preroll) * scale)) + preroll, props + at);
  }
  head.writeBigUInt64LE(BigInt(packets), props + 56);
  head.writeBigUInt64LE(BigInt(info.headerLen + packets * packetSize), props + 40);
  head.writeBigUInt64LE(BigInt(50 + packets * packetSize), headerSize + 16);
  head.writeBigUInt64LE(BigInt(packets), headerSize + 40);
  fs.writeFileSync(file, Buffer.concat([head, orig.subarray(info.headerLen)]));
  fs.truncateSync(file, info.headerLen + packets * packetSize - short);
  // the chunk count the header promises, parsed from the header alone
  const end = info.headerLen + packets * packetSize;
  const src = { size: end, read: (pos: number, len: number) => head.subarray(pos, pos + len) };
  return { chunks: parseWmaFrom(src).chunksTotal };
}

/** the process's peak RSS since the last reset (VmHWM) */
function peakRss(): number {
  const m = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return Number(m![1]) * 1024;
}

describe('add of big m4a and wma files', () => {
  let h: Harness;
  let lib: string;
  before(async () => {
    h = await harness();
    lib = tempDir('paraweb-big-');
  });
  after(async () => {
    await h.close();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  test('600 MB m4a and wma: added, the peak RSS rises far less than their size', async () => {
    const m4a = path.join(lib, 'long.m4a');
    const wma = path.join(lib, 'long.wma');
    const { samples } = sparseM4a(m4a, BIG);
    const { chunks } = sparseWma(wma, BIG);
    assert.ok(fs.statSync(m4a).size > 512 * MB && fs.statSync(wma).size > 512 * MB);
    // a small add first, so the reader's threads are up before the peak is reset
    fs.copyFileSync(fixture('aac.m4a'), path.join(lib, 'warm.m4a'));
    await h.run(['add', path.join(lib, 'warm.m4a')]);
    // "5" resets the peak RSS to the current RSS (Linux proc(5), clear_refs)
    fs.writeFileSync('/proc/self/clear_refs', '5');
    const before = process.memoryUsage().rss;
    for (const file of [m4a, wma]) {
      const out = (await h.run(['add', file])).output as Out;
      assert.deepEqual(out.errors, [], file);
      assert.equal(out.added, 1, file);
    }
    const rise = (peakRss() - before) / MB;
    const a = h.afs.files.getByPath(m4a)!;
    assert.equal(a.format, formatId('aac'));
    assert.equal(a.chunksTotal, samples);
    assert.equal(a.secondsTotal, Math.floor((samples * 1024) / 44100));
    const w = h.afs.files.getByPath(wma)!;
    assert.equal(w.format, formatId('wma'));
    assert.equal(w.chunksTotal, chunks);
    // the whole-file path refused both (over 512 MB); reading either whole costs 600 MB
    assert.ok(rise < 200, `peak RSS rose by ${rise.toFixed(0)} MB`);
  });

  test('a truncated or damaged m4a or wma: a clear error, nothing added', async () => {
    const m4a = fs.readFileSync(fixture('aac.m4a'));
    const wma = fs.readFileSync(fixture('wma.wma'));
    const cases = new Map<string, RegExp>();
    const broken = (name: string, data: Buffer, why: RegExp): void => {
      fs.writeFileSync(path.join(lib, name), data);
      cases.set(name, why);
    };
    broken('cut-moov.m4a', m4a.subarray(0, m4a.length - 100), /aac: truncated mp4 file\)$/);
    const noMoov = Buffer.from(m4a);
    noMoov.write('mooX', noMoov.indexOf('moov'), 'latin1');
    broken('no-moov.m4a', noMoov, /aac: no moov atom\)$/);
    broken('cut.wma', wma.subarray(0, wma.length - 100), /wma: truncated ASF data object\)$/);
    const badObject = Buffer.from(wma);
    badObject.writeBigUInt64LE(1n << 40n, 30 + 16); // the first header object's size
    broken('bad-object.wma', badObject, /wma: bad ASF header object size\)$/);
    // big ones too (read in pieces): samples that run past the end (moov first, the file 1 MB
    // short), a wma short of its last packets
    sparseM4a(path.join(lib, 'big-cut.m4a'), 64 * MB, true, MB);
    cases.set('big-cut.m4a', /aac: mp4 samples beyond the end of the file \(truncated\?\)\)$/);
    sparseWma(path.join(lib, 'big-cut.wma'), 64 * MB, MB);
    cases.set('big-cut.wma', /wma: truncated ASF data object\)$/);
    const files = [...cases.keys()].map((n) => path.join(lib, n));
    const out = (await h.run(['add', ...files])).output as Out;
    assert.equal(out.added, 0);
    const reasons = new Map(out.errors.map((e) => [path.basename(e.path), e.reason]));
    for (const [name, why] of cases) {
      assert.match(reasons.get(name) ?? '', /^audio format not recognized \(/, name);
      assert.match(reasons.get(name) ?? '', why, name);
    }
    for (const f of files) assert.equal(h.afs.files.getByPath(f), undefined, f);
    const ls = await h.run(['ls', '-p', `${lib}/*`]);
    assert.doesNotMatch(ls.text ?? '', /cut|moov|object/);
  });
});
