// Test helper for the windowed-parsing tests (windowed.test.ts, windowed-aac-wma.test.ts): a window
// small enough to move many times, a source that counts what is read, and the aac and wma files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileSource, type ByteSource } from './source.js';
import type { AudioFormatInfo } from './types.js';

/** small enough to move every ~20 KB of a scan (the mp3 scan looks 104 KiB ahead) */
export const SMALL_WINDOW = 128 * 1024;

/** the file as a plain Uint8Array, as the reader reads it (a Buffer would compare unequal) */
export const readPlain = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file));

/** ffmpeg -c copy, quietly */
function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

type Outcome = { info: AudioFormatInfo } | { error: string };

export async function outcome(
  fn: () => AudioFormatInfo | Promise<AudioFormatInfo>,
): Promise<Outcome> {
  try {
    return { info: await fn() };
  } catch (err) {
    return { error: String(err) };
  }
}

/** a file source that remembers the longest single read and the bytes read in all */
export function countingSource(
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

/**
 * Adds the aac and wma files to the lists: the fixtures, longer files the muxers make of 21 copies
 * (moov last and first), ADTS copies back to back, and files cut short (in the moov, in the media
 * data).
 */
export function addAacWma(
  dir: string,
  tmp: string,
  { m4as, adtss, wmas }: { m4as: string[]; adtss: string[]; wmas: string[] },
): void {
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
}
