// Sideband framing: the header layout, reassembly from any chunking, limits and bad bands.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import type { Packet } from './sideband.js';
import { encodePacket, LIMITS, PacketReader, ProtocolError, SBD } from './sideband.js';

const any = () => 1 << 30;

describe('sideband', () => {
  test('header: u32 little-endian length, then the band', () => {
    assert.equal(encodePacket(SBD.PROCEED).toString('hex'), '0000000003');
    assert.equal(
      encodePacket(SBD.COMMAND, Buffer.from('version\0')).toString('hex'),
      '080000000476657273696f6e00',
    );
  });

  test('packets come out whole whatever the chunking, one byte at a time included', () => {
    const sent = [
      encodePacket(SBD.OUTPUT, Buffer.from('hello\n')),
      encodePacket(SBD.EXIT_SUCCESS),
      encodePacket(SBD.OUTPUT, crypto.randomBytes(70_000)),
    ];
    const wire = Buffer.concat(sent);
    for (const size of [1, 2, 3, 5, 7, 4096, wire.length]) {
      const r = new PacketReader();
      const got: Packet[] = [];
      for (let off = 0; off < wire.length; off += size) {
        r.push(wire.subarray(off, off + size));
        for (let p = r.next(any); p; p = r.next(any)) got.push(p);
      }
      assert.equal(got.length, 3, `chunk ${size}`);
      assert.ok(Buffer.concat(got.map((p) => encodePacket(p.band, p.data))).equals(wire));
      assert.equal(r.buffered, 0);
    }
  });

  test('a length above the limit is refused before the data arrives; equal is fine', () => {
    const r = new PacketReader();
    r.push(Buffer.from([0x01, 0x80, 0, 0, SBD.COMMAND])); // 32769
    assert.throws(() => r.next(() => LIMITS.command), ProtocolError);
    const ok = new PacketReader();
    ok.push(Buffer.from([0x00, 0x80, 0, 0, SBD.COMMAND])); // 32768
    assert.equal(
      ok.next(() => LIMITS.command),
      undefined,
    ); // waiting for the data
  });

  test('band 0, bands >= 18 and unexpected bands are protocol errors', () => {
    for (const band of [0, 18, 255]) {
      const r = new PacketReader();
      r.push(Buffer.from([0, 0, 0, 0, band]));
      assert.throws(() => r.next(any), /invalid band designator/);
    }
    const r = new PacketReader();
    r.push(encodePacket(SBD.BLOB_DATA));
    assert.throws(() => r.next((b) => (b === SBD.COMMAND ? 10 : -1)), /unexpected SBD_BLOB_DATA/);
  });

  test('a decipher set mid-stream also applies to bytes already buffered', () => {
    const key = crypto.randomBytes(16);
    const iv = crypto.randomBytes(16);
    const enc = crypto.createCipheriv('aes-128-ctr', key, iv);
    const plainFirst = encodePacket(SBD.CHALLENGE_RESPONSE, Buffer.alloc(20, 7));
    const wire = Buffer.concat([
      plainFirst,
      enc.update(encodePacket(SBD.COMMAND, Buffer.from('ls\0'))),
      enc.update(encodePacket(SBD.BLOB_DATA, Buffer.from('x'))),
    ]);
    const r = new PacketReader();
    r.push(wire.subarray(0, plainFirst.length + 3));
    assert.equal(r.next(any)?.band, SBD.CHALLENGE_RESPONSE);
    r.setDecipher(crypto.createDecipheriv('aes-128-ctr', key, iv));
    r.push(wire.subarray(plainFirst.length + 3));
    assert.deepEqual(r.next(any), { band: SBD.COMMAND, data: Buffer.from('ls\0') });
    assert.deepEqual(r.next(any), { band: SBD.BLOB_DATA, data: Buffer.from('x') });
  });
});
