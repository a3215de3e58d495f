// Test helper: a set of distinct small audio files of three formats (mp3, flac, Ogg Vorbis), made
// once per machine (one ffmpeg process for the flac and Ogg files) and copied from there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTinyLibrary, synth } from './tiny-library.js';

const SET = path.join(os.tmpdir(), 'paraweb-watch-set-v1');
const PER_FORMAT = 70;

/** Names of the set's files (sorted); `audioSet()` is their directory. */
export function audioSet(): { dir: string; names: string[] } {
  const done = path.join(SET, '.complete');
  if (!fs.existsSync(done)) {
    const own = fs.mkdtempSync(`${SET}-`);
    makeTinyLibrary(own, PER_FORMAT);
    const args: string[] = [];
    for (let i = 0; i < PER_FORMAT; i++) {
      for (const [ext, codec] of [
        ['flac', 'flac'],
        ['ogg', 'libvorbis'],
      ] as const) {
        args.push('-map', '0', '-metadata', `title=t${i}`, '-c:a', codec);
        args.push(path.join(own, `track-${i}.${ext}`));
      }
    }
    synth(0.3, ['-ar', '22050', ...args]);
    fs.writeFileSync(path.join(own, '.complete'), '');
    try {
      fs.renameSync(own, SET);
    } catch {
      fs.rmSync(own, { recursive: true, force: true }); // another test made it first
    }
  }
  const names = fs
    .readdirSync(SET)
    .filter((n) => !n.startsWith('.'))
    .sort();
  return { dir: SET, names };
}
