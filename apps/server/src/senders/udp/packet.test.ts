// The FEC packet header: exact byte layout, round trips, and garbage answered with errors, never throws.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FecHeader } from './packet.js';
import {
  decodePacket,
  encodePacket,
  FEC_EOF_PACKET,
  FEC_HEADER_SIZE,
  writeHeader,
} from './packet.js';
import { randomBytes, seeded } from './test-helpers.js';

const HEADER: FecHeader = {
  slicesPerGroup: 16,
  dataSlicesPerGroup: 14,
  audioHeaderSize: 0x0304,
  groupNum: 0x01020304,
  groupBytes: 0x1000,
  sliceNum: 15,
  sliceBytes: 0x0140,
  bos: false,
  headerStream: true,
};

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('FEC packet', () => {
  test('header bytes are laid out as docs/fec.md gives them, little endian', () => {
    const buf = new Uint8Array(FEC_HEADER_SIZE);
    writeHeader(buf, HEADER);
    assert.equal(
      hex(buf),
      '010000b0' + // magic 0xb0000001
        '10' + // n
        '0e' + // k
        '04030000' + // audio header size
        '04030201' + // group number
        '00100000' + // group bytes
        '0f' + // slice number
        '00' + // unused
        '4001' + // slice bytes
        '00' + // bos
        '01' + // header stream
        '0000000000000000',
    );
  });

  test('round trip', () => {
    const payload = randomBytes(seeded(5), HEADER.sliceBytes);
    const p = decodePacket(encodePacket(HEADER, payload));
    assert.equal(p.kind, 'slice');
    if (p.kind !== 'slice') return;
    assert.deepEqual(p.header, HEADER);
    assert.deepEqual(p.payload, payload);
    const bos = {
      ...HEADER,
      bos: true,
      headerStream: false,
      audioHeaderSize: 0,
      groupNum: 0,
      sliceNum: 0,
    };
    const q = decodePacket(encodePacket(bos, payload));
    assert.ok(q.kind === 'slice');
    assert.deepEqual(q.header, bos);
  });

  test('the EOF packet', () => {
    assert.equal(hex(FEC_EOF_PACKET), 'ec0dccfe' + '00'.repeat(28));
    assert.deepEqual(decodePacket(FEC_EOF_PACKET), { kind: 'eof' });
  });

  test('rejects malformed packets with a reason', () => {
    const good = encodePacket(HEADER, new Uint8Array(HEADER.sliceBytes));
    const patched = (offset: number, bytes: number[]): Uint8Array => {
      const b = good.slice();
      b.set(bytes, offset);
      return b;
    };
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /too short/],
      ['short', good.subarray(0, 31), /too short/],
      ['magic', patched(0, [0, 0, 0, 0]), /bad magic/],
      ['k = 0', patched(5, [0]), /slice counts/],
      ['k > n', patched(4, [13]), /slice counts/],
      ['slice number >= n', patched(18, [16]), /slice number/],
      ['slice bytes 0', patched(20, [0, 0]), /slice size/],
      ['truncated payload', good.subarray(0, good.length - 1), /packet of/],
      ['extra payload', Uint8Array.from([...good, 0]), /packet of/],
      ['group too large', patched(14, [0xff, 0xff, 0, 0]), /does not fit/],
      ['header > group', patched(6, [0x01, 0x10, 0, 0]), /exceeds group/],
      ['flag byte', patched(22, [2]), /flag/],
      ['header without header stream', patched(23, [0]), /without header/],
    ];
    for (const [name, buf, why] of cases) {
      const p = decodePacket(buf);
      assert.equal(p.kind, 'error', name);
      if (p.kind === 'error') assert.match(p.error, why, name);
    }
  });

  test('never throws on random garbage', () => {
    const rand = seeded(99);
    let slices = 0;
    for (let i = 0; i < 20_000; i++) {
      const buf = randomBytes(rand, Math.floor(rand() * 80));
      // half of them with a valid magic so the field checks are reached
      if (buf.length >= 4 && i % 2 === 0) buf.set([0x01, 0, 0, 0xb0], 0);
      const p = decodePacket(buf.subarray(0));
      if (p.kind === 'slice') slices++;
      else assert.ok(p.kind === 'error' || p.kind === 'eof');
    }
    assert.ok(slices < 100, `${slices} random packets taken for slices`);
  });

  test('encodePacket refuses an inconsistent header', () => {
    assert.throws(
      () => encodePacket({ ...HEADER, sliceNum: 16 }, new Uint8Array(HEADER.sliceBytes)),
      RangeError,
    );
    assert.throws(() => encodePacket(HEADER, new Uint8Array(3)), RangeError);
  });
});
