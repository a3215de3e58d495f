// aac (m4a, ADTS) and wma read through their sources give exactly what parsing the whole file
// gives, m4a and wma reading only their headers and tables, never the media data; sizes they
// cannot hold are refused unread. The scanned formats: windowed.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixtures } from '../../../test/fixtures.js';
import { parseAac, parseAacFrom } from './aac.js';
import { parseAdtsFrom } from './adts.js';
import { HANDLERS, parseAudioSource } from './index.js';
import { parseWma, parseWmaFrom } from './wma.js';
import type { ByteSource } from './source.js';
import { addAacWma, countingSource, outcome, readPlain, SMALL_WINDOW } from './windowed-util.js';

/** the payload size of the top-level mdat atom(s) of an mp4 file */
function mdatPayload(d: Uint8Array): number {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let sum = 0;
  for (let p = 0; p + 8 <= d.length;) {
    let size = v.getUint32(p);
    let head = 8;
    if (size === 1) [size, head] = [Number(v.getBigUint64(p + 8)), 16];
    if (size === 0) size = d.length - p;
    if (v.getUint32(p + 4) === 0x6d646174) sum += Math.min(size, d.length - p) - head;
    p += size;
  }
  return sum;
}

describe('aac and wma through their sources equal whole-file parsing', () => {
  let tmp: string;
  const m4as: string[] = [];
  const adtss: string[] = [];
  const wmas: string[] = [];
  before(() => {
    const dir = fixtures();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-windowed-aac-wma-'));
    addAacWma(dir, tmp, { m4as, adtss, wmas });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('aac (m4a, ADTS) and wma: the same info from a file, the media data never read', async () => {
    let moved = 0;
    for (const file of [...m4as, ...adtss, ...wmas]) {
      const data = readPlain(file);
      const kind = file.endsWith('.wma') ? 'wma' : file.endsWith('.aac') ? 'adts' : 'm4a';
      const whole = await outcome(() => (kind === 'wma' ? parseWma(data) : parseAac(data)));
      const src = countingSource(file);
      try {
        const windowed = await outcome(() =>
          kind === 'wma'
            ? parseWmaFrom(src)
            : kind === 'adts'
              ? parseAdtsFrom(src, SMALL_WINDOW)
              : parseAacFrom(src),
        );
        assert.deepEqual(windowed, whole, file);
        if (kind === 'adts') {
          assert.ok(src.longest <= SMALL_WINDOW, `${file}: ${src.longest}`);
          if (src.size > 2 * SMALL_WINDOW && 'info' in whole) moved++;
        } else if ('info' in whole) {
          // m4a: atom headers and the moov atom; wma: the header object and the data object's
          const media = kind === 'wma' ? data.length - whole.info.headerLen : mdatPayload(data);
          assert.ok(media > data.length / 2, `${file}: ${media} of ${data.length}`);
          assert.ok(src.total <= data.length - media + 64, `${file}: ${src.total} read`);
        }
      } finally {
        src.close();
      }
    }
    assert.ok(moved >= 2, `the window moved in ${moved} files`);
  });

  test('every handler parses through its source, never reading a file in one piece', async () => {
    // the whole-file path (aac, wma before) read the file in one piece and refused it over 512 MB
    for (const file of [m4as[0]!, wmas[0]!]) {
      const src = countingSource(file);
      try {
        const info = await parseAudioSource(file, src);
        assert.equal(info.format, file.endsWith('.wma') ? 'wma' : 'aac');
        assert.ok(src.longest < src.size / 2, `${file}: one read of ${src.longest} bytes`);
      } finally {
        src.close();
      }
    }
    for (const h of HANDLERS) assert.equal(typeof h.parseSource, 'function', h.name);
  });

  test('a moov atom or an ASF header too big to hold is refused clearly, unread', () => {
    // sources that make up their bytes: a header at the start, zeros after, reads counted
    const fake = (size: number, head: Buffer): ByteSource & { total: number } => {
      const src = {
        size,
        total: 0,
        read(pos: number, len: number): Uint8Array {
          const b = new Uint8Array(Math.max(0, Math.min(len, size - pos)));
          b.set(head.subarray(pos, pos + b.length));
          src.total += b.length;
          return b;
        },
      };
      return src;
    };
    const moov = Buffer.alloc(8);
    moov.writeUInt32BE(300 * 1024 * 1024);
    moov.write('moov', 4, 'latin1');
    const m4a = fake(300 * 1024 * 1024, moov);
    assert.throws(
      () => parseAacFrom(m4a),
      /^AfhError: mp4 moov atom too big \(300 MB, at most 256 MB\)$/,
    );
    assert.ok(m4a.total < 100, `${m4a.total} bytes read`);
    const asf = Buffer.alloc(30);
    Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex').copy(asf);
    asf.writeBigUInt64LE(100n << 20n, 16);
    const wma = fake(200 * 1024 * 1024, asf);
    assert.throws(
      () => parseWmaFrom(wma),
      /^AfhError: ASF header too big \(104857600 bytes, at most 67108864\)$/,
    );
    assert.ok(wma.total < 100, `${wma.total} bytes read`);
  });

  test('a file over 4 GiB is refused clearly: its chunk offsets would not fit in 32 bits', async () => {
    const read = (): Uint8Array => {
      throw new Error('read');
    };
    for (const name of ['x.m4a', 'x.mp3', 'x.wma']) {
      await assert.rejects(
        parseAudioSource(name, { size: 5 * 2 ** 30, read }),
        /^AfhError: file too big: 4 GiB at most \(32-bit chunk offsets\)$/,
      );
    }
  });
});
