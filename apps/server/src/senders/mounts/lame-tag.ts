// The encoder delay and padding an MP3's LAME tag states (in the Xing/Info frame, which the afs
// leaves out of the chunk table), so that a file passing through a live mount loses the frames
// that hold only padding: a file change then leaves at most one frame of silence. Read from the
// bytes, never decoded. Layout: Xing/Info, flags, the optional fields the flags name, then the
// LAME extension whose bytes 21-23 are 12 bits of delay and 12 of padding (gabriel.mp3-tech.org).
import { vbrHeaderFrameLength } from '../../afs/formats/mp3.js';

export interface EncoderGap {
  /** samples of encoder delay at the start */
  delay: number;
  /** samples of padding at the end */
  padding: number;
}

/** how far before the first audio frame the Info frame may start (the largest frame is 1441) */
const SEARCH = 2900;

/** The LAME tag's delay and padding of the Info frame just before `audioStart`, if any. */
export function lameGap(data: Uint8Array, audioStart: number): EncoderGap | undefined {
  for (let p = Math.max(0, audioStart - SEARCH); p < audioStart - 4; p++) {
    if (data[p] !== 0xff || vbrHeaderFrameLength(data, p) !== audioStart - p) continue;
    return parseLame(data, p, audioStart);
  }
  return undefined;
}

function parseLame(d: Uint8Array, p: number, end: number): EncoderGap | undefined {
  const v1 = ((d[p + 1]! >> 3) & 3) === 3;
  const mono = d[p + 3]! >> 6 === 3;
  const x = p + 4 + (v1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = String.fromCharCode(d[x]!, d[x + 1]!, d[x + 2]!, d[x + 3]!);
  if (tag !== 'Xing' && tag !== 'Info') return undefined;
  const flags = d[x + 7]!;
  let at = x + 8;
  if (flags & 1) at += 4; // frames
  if (flags & 2) at += 4; // bytes
  if (flags & 4) at += 100; // TOC
  if (flags & 8) at += 4; // quality
  if (at + 24 > end) return undefined;
  // the encoder's name: LAME's own, or ffmpeg's (Lavc/Lavf) which writes the same extension
  const name = String.fromCharCode(d[at]!, d[at + 1]!, d[at + 2]!, d[at + 3]!);
  if (!/^(LAME|Lavc|Lavf|L3\.9|GOGO)/.test(name)) return undefined;
  const delay = (d[at + 21]! << 4) | (d[at + 22]! >> 4);
  const padding = ((d[at + 22]! & 0x0f) << 8) | d[at + 23]!;
  return { delay, padding };
}

/**
 * Frames of `frame` samples to keep of `total` that hold `delay` + the audio: all of them but
 * those past the audio, and the last one too when its padding and the next file's delay (taken
 * to be this one's) would together exceed a frame. At most `delay` samples of the end are lost.
 */
export function framesToKeep(total: number, gap: EncoderGap, frame: number): number {
  const audio = total * frame - gap.delay - gap.padding;
  if (audio <= 0) return total;
  let n = Math.ceil((gap.delay + audio) / frame);
  const tail = n * frame - gap.delay - audio;
  if (tail + gap.delay > frame) n--;
  return Math.max(1, Math.min(total, n));
}
