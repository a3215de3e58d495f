// Parsing in windows gives exactly what parsing the whole file gives (mp3, flac, Ogg, ADTS; m4a and
// wma read only their headers and tables, never the media data): every
// fixture, long files made of fixtures back to back (tags in the middle are junk the scan must
// skip) or made by the encoders, junk and damage mid-file, with a window small enough to move
// many times; and a windowed parse never reads much at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixtures } from '../../../test/fixtures.js';
import { answer } from '../reader/answer.js';
import type { ParseResult } from '../reader/jobs.js';
import { sha1 } from '../reader/files.js';
import { parseAac, parseAacFrom } from './aac.js';
import { parseAdtsFrom } from './adts.js';
import { HANDLERS, parseAudio, parseAudioSource } from './index.js';
import { execFileSync } from 'node:child_process';
import { parseFlac, parseFlacFrom } from './flac.js';
import { parseMp3, parseMp3From } from './mp3.js';
import { parseOgg, parseOggFrom, type OggCodec } from './ogg-chunks.js';
import { opus } from './opus.js';
import { speex } from './speex.js';
import { vorbis } from './vorbis.js';
import { parseWma, parseWmaFrom } from './wma.js';
import { fileSource, type ByteSource } from './source.js';
import type { AudioFormatInfo } from './types.js';

/** small enough to move every ~20 KB of a scan (the mp3 scan looks 104 KiB ahead) */
const SMALL_WINDOW = 128 * 1024;

/** the file as a plain Uint8Array, as the reader reads it (a Buffer would compare unequal) */
const readPlain = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file));

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

/** ffmpeg -c copy, quietly */
function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

type Outcome = { info: AudioFormatInfo } | { error: string };

async function outcome(fn: () => AudioFormatInfo | Promise<AudioFormatInfo>): Promise<Outcome> {
  try {
    return { info: await fn() };
  } catch (err) {
    return { error: String(err) };
  }
}

/** a file source that remembers the longest single read and the bytes read in all */
function countingSource(
  file: string,
): ByteSource & { longest: number; total: number; close(): void } {
  const fd = fs.openSync(file, 'r');
  const inner = fileSource(fd, fs.fstatSync(fd).size);
  const src = {
    size: inner.size,
    longest: 0,
    total: 0,
    read(pos: number, len: number): Uint8Array {
      const b = inner.read(pos, len);
      src.longest = Math.max(src.longest, b.length);
      src.total += b.length;
      return b;
    },
    close: () => fs.closeSync(fd),
  };
  return src;
}

describe('windowed parsing equals whole-file parsing', () => {
  let dir: string;
  let tmp: string;
  const mp3s: string[] = [];
  const flacs: string[] = [];
  const oggs: [string, OggCodec][] = [];
  const m4as: string[] = [];
  const adtss: string[] = [];
  const wmas: string[] = [];
  before(() => {
    dir = fixtures();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-windowed-'));
    // aac and wma: the fixtures, longer files the muxers make of 21 copies (moov last and first),
    // ADTS copies back to back, and files cut short (in the moov, in the media data)
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.m4a')) m4as.push(path.join(dir, name));
      if (name.endsWith('.aac')) adtss.push(path.join(dir, name));
      if (name.endsWith('.wma')) wmas.push(path.join(dir, name));
    }
    const loop = (from: string, to: string, ...opts: string[]): string => {
      const out = path.join(tmp, to);
      ffmpeg('-stream_loop', '20', '-i', path.join(dir, from), '-c', 'copy', ...opts, out);
      return out;
    };
    const longM4a = loop('aac.m4a', 'long.m4a');
    const longFast = loop('aac.m4a', 'long-fast.m4a', '-movflags', '+faststart');
    m4as.push(longM4a, longFast);
    adtss.push(loop('aac.aac', 'long.aac', '-f', 'adts'));
    const x8 = path.join(tmp, 'x8.aac');
    fs.writeFileSync(x8, Buffer.concat(Array(8).fill(fs.readFileSync(path.join(dir, 'aac.aac')))));
    adtss.push(x8);
    const longWma = loop('wma.wma', 'long.wma');
    wmas.push(longWma);
    const cut = (from: string, to: string, keep: number): void => {
      const d = fs.readFileSync(from);
      fs.writeFileSync(path.join(tmp, to), d.subarray(0, keep < 0 ? d.length + keep : keep));
    };
    cut(longM4a, 'cut-moov.m4a', -100);
    cut(longFast, 'cut-mdat.m4a', -100);
    cut(longWma, 'cut.wma', -100);
    m4as.push(path.join(tmp, 'cut-moov.m4a'), path.join(tmp, 'cut-mdat.m4a'));
    wmas.push(path.join(tmp, 'cut.wma'));
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.mp3'))) {
      mp3s.push(path.join(dir, name));
      // eight copies back to back: 0.3-1.6 MB, ID3 tags between the streams
      const long = path.join(tmp, `x8-${name}`);
      fs.writeFileSync(long, Buffer.concat(Array(8).fill(fs.readFileSync(path.join(dir, name)))));
      mp3s.push(long);
    }
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.flac'))) {
      flacs.push(path.join(dir, name));
      // back to back, the second stream's metadata sits among frames whose numbers start again
      const long = path.join(tmp, `x8-${name}`);
      fs.writeFileSync(long, Buffer.concat(Array(8).fill(fs.readFileSync(path.join(dir, name)))));
      flacs.push(long);
    }
    // a long stream of its own (4 minutes of noise, stereo 16 bit: about 40 MB) and a 24-bit
    // mono one with a variable block size, so that the window moves hundreds of times
    const noise = path.join(tmp, 'long.flac');
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-c',
      '2',
      '-b',
      '16',
      noise,
      'synth',
      '240',
      'pinknoise',
    ]);
    flacs.push(noise);
    const wav = path.join(tmp, 'mono.wav');
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '-b',
      '24',
      wav,
      'synth',
      '60',
      'sine',
      '100-8000',
    ]);
    const mono = path.join(tmp, 'mono.flac');
    execFileSync('flac', ['-s', '-f', '--blocksize=1152', '-o', mono, wav]);
    flacs.push(mono);
    // ogg: every fixture (chained copies stop at the first stream's end, so long streams are made)
    const codecs: Record<string, OggCodec> = { ogg: vorbis, opus, spx: speex };
    for (const name of fs.readdirSync(dir)) {
      const codec = codecs[path.extname(name).slice(1)];
      if (codec) oggs.push([path.join(dir, name), codec]);
    }
    const wav2 = path.join(tmp, 'long.wav');
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-c',
      '2',
      '-b',
      '16',
      wav2,
      'synth',
      '180',
      'pinknoise',
    ]);
    const longOgg = path.join(tmp, 'long.ogg');
    execFileSync('oggenc', ['-Q', '-q', '6', '-o', longOgg, wav2]);
    oggs.push([longOgg, vorbis]);
    const longOpus = path.join(tmp, 'long.opus');
    execFileSync('opusenc', ['--quiet', '--bitrate', '128', wav2, longOpus]);
    oggs.push([longOpus, opus]);
    const longSpx = path.join(tmp, 'long.spx');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      wav,
      '-ar',
      '16000',
      '-ac',
      '1',
      '-c:a',
      'libspeex',
      longSpx,
    ]);
    oggs.push([longSpx, speex]);
    // junk in the middle: 300 KB of zeros (the scan must find the next page across windows),
    // and a damaged page (a flipped byte: its CRC fails)
    const ogg = fs.readFileSync(longOgg);
    const junk = path.join(tmp, 'junk.ogg');
    const mid = ogg.indexOf('OggS', ogg.length >> 1);
    fs.writeFileSync(
      junk,
      Buffer.concat([ogg.subarray(0, mid), Buffer.alloc(300_000), ogg.subarray(mid)]),
    );
    oggs.push([junk, vorbis]);
    const flipped = path.join(tmp, 'flipped.opus');
    const op = Buffer.from(fs.readFileSync(longOpus));
    op[op.indexOf('OggS', op.length >> 1) + 40]! ^= 0xff;
    fs.writeFileSync(flipped, op);
    oggs.push([flipped, opus]);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('mp3: the same info and chunk table through a moving window, reads bounded', async () => {
    let moved = 0;
    for (const file of mp3s) {
      const whole = await outcome(() => parseMp3(readPlain(file)));
      const src = countingSource(file);
      try {
        const windowed = await outcome(() => parseMp3From(src, SMALL_WINDOW));
        assert.deepEqual(windowed, whole, file);
        // the leading ID3v2 tag is read as one piece, the audio never more than a window
        assert.ok(src.longest <= Math.max(SMALL_WINDOW, 64 * 1024), `${file}: ${src.longest}`);
        if (src.size > SMALL_WINDOW && 'info' in whole) moved++;
      } finally {
        src.close();
      }
    }
    assert.ok(moved >= 6, `the window moved in ${moved} files`);
  });

  test('flac: the same info and chunk table through a moving window, reads bounded', async () => {
    let moved = 0;
    for (const file of flacs) {
      const data = readPlain(file);
      for (const verifyCrc of [false, true]) {
        const whole = await outcome(() => parseFlac(data, { verifyCrc }));
        const src = countingSource(file);
        try {
          const windowed = await outcome(() => parseFlacFrom(src, { verifyCrc }, SMALL_WINDOW));
          assert.deepEqual(windowed, whole, file);
          // metadata blocks are read one by one (the cover picture is the biggest), frames in windows
          const header = 'info' in whole ? whole.info.headerLen : 0;
          assert.ok(src.longest <= Math.max(SMALL_WINDOW, header), `${file}: ${src.longest}`);
          if (src.size > 2 * SMALL_WINDOW && 'info' in whole && !verifyCrc) moved++;
        } finally {
          src.close();
        }
      }
    }
    assert.ok(moved >= 5, `the window moved in ${moved} files`);
  });

  test('ogg: the same info and chunk table through a moving window, reads bounded', async () => {
    let moved = 0;
    for (const [file, codec] of oggs) {
      const whole = await outcome(() => parseOgg(readPlain(file), codec));
      const src = countingSource(file);
      try {
        const windowed = await outcome(() => parseOggFrom(src, codec, SMALL_WINDOW));
        assert.deepEqual(windowed, whole, file);
        assert.ok(src.longest <= SMALL_WINDOW, `${file}: ${src.longest}`);
        if (src.size > 2 * SMALL_WINDOW && 'info' in whole) moved++;
      } finally {
        src.close();
      }
    }
    assert.ok(moved >= 4, `the window moved in ${moved} files`);
  });

  test('every fixture through the reader: hashed in pieces, parsed from the file', async () => {
    const files = [
      ...fs.readdirSync(dir).map((n) => path.join(dir, n)),
      ...mp3s.filter((f) => f.startsWith(tmp)),
      ...flacs.filter((f) => f.startsWith(tmp)),
      ...oggs.map(([f]) => f).filter((f) => f.startsWith(tmp)),
      ...[...m4as, ...adtss, ...wmas].filter((f) => f.startsWith(tmp)),
    ].filter((f) => fs.statSync(f).isFile() && !path.basename(f).startsWith('.'));
    assert.ok(files.length > 30);
    for (const file of files) {
      const data = readPlain(file);
      const results = await new Promise<ParseResult[]>((resolve) => {
        const port = {
          postMessage: (v: unknown) => resolve((v as { results: ParseResult[] }).results),
        };
        // bigFile 0: every file takes the path of big files
        void answer({ id: 1, jobs: [{ path: file, force: true }], bigFile: 0 }, port);
      });
      const r = results[0]!;
      const whole = await outcome(() => parseAudio(file, data));
      if ('error' in whole) {
        assert.equal(r.ok, false, file);
        assert.equal(`AfhError: ${r.ok ? '' : r.error}`, whole.error, file);
        continue;
      }
      assert.ok(r.ok, `${file}: ${r.ok ? '' : r.error}`);
      assert.equal(r.hash, sha1(data));
      assert.equal(r.size, data.length);
      delete whole.info.picture;
      assert.deepEqual(r.info, whole.info, file);
    }
  });

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
