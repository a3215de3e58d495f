// Parsing in windows gives exactly what parsing the whole file gives (mp3, flac, Ogg): every
// fixture, long files made of fixtures back to back (tags in the middle are junk the scan must
// skip) or made by the encoders, junk and damage mid-file, with a window small enough to move
// many times; a windowed parse never reads much at once; and every fixture, aac and wma too,
// goes through the reader. aac and wma through their sources: windowed-aac-wma.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixtures } from '../../../test/fixtures.js';
import { answer } from '../reader/answer.js';
import type { ParseResult } from '../reader/jobs.js';
import { sha1 } from '../reader/files.js';
import { parseAudio } from './index.js';
import { execFileSync } from 'node:child_process';
import { parseFlac, parseFlacFrom } from './flac.js';
import { parseMp3, parseMp3From } from './mp3.js';
import { parseOgg, parseOggFrom, type OggCodec } from './ogg-chunks.js';
import { opus } from './opus.js';
import { speex } from './speex.js';
import { vorbis } from './vorbis.js';
import { addAacWma, countingSource, outcome, readPlain, SMALL_WINDOW } from './windowed-util.js';

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
    // aac and wma: for the reader (their windowed parse: windowed-aac-wma.test.ts)
    addAacWma(dir, tmp, { m4as, adtss, wmas });
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
});
