// Makes N distinct small tagged MP3 files fast: one lame encode, then each file is an ID3v2.4
// tag plus a distinct run of whole frames of it (docs/streaming.md). Usage from other benches.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function syncsafe(n) {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function textFrame(id, text) {
  const body = Buffer.concat([Buffer.from([3]), Buffer.from(text, 'utf8')]);
  return Buffer.concat([
    Buffer.from(id, 'latin1'),
    syncsafe(body.length),
    Buffer.from([0, 0]),
    body,
  ]);
}

function id3(tags) {
  const frames = Buffer.concat(Object.entries(tags).map(([id, v]) => textFrame(id, v)));
  return Buffer.concat([
    Buffer.from('ID3'),
    Buffer.from([4, 0, 0]),
    syncsafe(frames.length),
    frames,
  ]);
}

/** Writes a 44.1 kHz 16-bit stereo WAV of `seconds` made by sox's `synth` (e.g. ['sine', 440]). */
export function synthWav(wav, seconds, synth) {
  const args = ['-n', '-r', '44100', '-b', '16', '-c', '2', wav, 'synth', String(seconds)];
  execFileSync('sox', [...args, ...synth.map(String), 'gain', '-n', '-6']);
}

/** Offsets of the MPEG-1 layer III frames of a CBR file made with -t (no Xing frame). */
function frameOffsets(buf) {
  const out = [];
  let i = 0;
  const rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff || (buf[i + 1] & 0xe0) !== 0xe0) {
      i++;
      continue;
    }
    const br = rates[buf[i + 2] >> 4] * 1000;
    const pad = (buf[i + 2] >> 1) & 1;
    const len = Math.floor((144 * br) / 44100) + pad;
    if (!len) break;
    out.push(i);
    i += len;
  }
  out.push(buf.length);
  return out;
}

export function makeLibrary(dir, count, { minSec = 0.5, maxSec = 1.5 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = path.join(dir, `.made-${count}`);
  if (fs.existsSync(stamp)) return dir;
  const tmp = fs.mkdtempSync(path.join(dir, '.base-'));
  const wav = path.join(tmp, 'base.wav');
  const mp3 = path.join(tmp, 'base.mp3');
  synthWav(wav, 60, ['pinknoise']);
  execFileSync('lame', ['--quiet', '-b', '128', '--cbr', '-t', '--nores', wav, mp3]);
  const base = fs.readFileSync(mp3);
  const offs = frameOffsets(base);
  const frames = offs.length - 1;
  const rnd = crypto.createHash('sha1');
  for (let i = 0; i < count; i++) {
    const seconds = minSec + ((maxSec - minSec) * ((i * 7919) % 1000)) / 1000;
    const n = Math.max(4, Math.round((seconds * 44100) / 1152));
    const start = (i * 13) % (frames - n);
    const artist = `Artist ${i % 400} Ünïcode`;
    const album = `Album ${i % 1500}`;
    const tag = id3({
      TPE1: artist,
      TIT2: `Title ${i}`,
      TALB: album,
      TDRC: String(1960 + (i % 60)),
      TRCK: String(i % 20),
      COMM: `file ${i}`,
    });
    // distinct whole files even when two runs of frames coincide: the tag differs
    const sub = path.join(dir, `a${i % 400}`, `b${i % 1500}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(
      path.join(sub, `track-${i}.mp3`),
      Buffer.concat([tag, base.subarray(offs[start], offs[start + n])]),
    );
    rnd.update(String(i));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(stamp, '');
  return dir;
}
