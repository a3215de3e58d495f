// Test helper: many distinct tiny MP3 files fast: one ffmpeg encode of 0.2 s, then each file is
// an ID3v2.3 tag with its own title in front of those frames (so every file has its own hash).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function id3(title: string): Buffer {
  const text = Buffer.concat([Buffer.from([0]), Buffer.from(title, 'latin1')]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(text.length);
  const frame = Buffer.concat([Buffer.from('TIT2'), size, Buffer.from([0, 0]), text]);
  return Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0]), syncsafe(frame.length), frame]);
}

/** One ffmpeg run on a mono sine of `seconds`: `out` are its output options and files. */
export function synth(seconds: number, out: string[]): void {
  const input = ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '1'];
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...input, ...out]);
}

/** Writes `count` files track-0.mp3 ... into `dir` (created); returns their paths. */
export function makeTinyLibrary(dir: string, count: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, '.base.mp3');
  synth(0.2, ['-ar', '22050', '-b:a', '32k', '-f', 'mp3', base]);
  const audio = fs.readFileSync(base);
  fs.rmSync(base);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = path.join(dir, `track-${i}.mp3`);
    fs.writeFileSync(p, Buffer.concat([id3(`track ${i}`), audio]));
    paths.push(p);
  }
  return paths;
}
