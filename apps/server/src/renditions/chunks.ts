// ffmpeg's output cut into the chunks a live mount sends (senders/mounts/types.ts): whole MP3
// frames (the Xing/Info frame dropped), whole ADTS frames, or one Opus packet per chunk. The
// frames past the source's length (encoder padding) are dropped, and the last one too when its
// padding and the next file's encoder delay would exceed a frame, so that a file change on a
// mount leaves no gap beyond one frame where the file on `/` is not longer (the mount stays in
// step with `/`: vss/mount-clock.ts); the encoder's delay at the start stays (MP3 576 samples,
// AAC one frame of 1024; Opus says it in the pre-skip).
import { parseAdts, parseMp3 } from '../afs/index.js';
import { opusPackets } from '../senders/mounts/passthrough.js';
import type { MountCodec, MountProfile } from '../senders/mounts/types.js';

export interface Chunked {
  data: Uint8Array;
  chunkTable: Uint32Array;
  chunksTotal: number;
  chunkTimeUs: number;
  frequency: number;
  channels: number;
  preSkip?: number;
}

/** samples per frame (packet) */
export const FRAME_SAMPLES: Record<MountCodec, number> = { mp3: 1152, aac: 1024, opus: 960 };
/** the delay ffmpeg's encoders put in front (libmp3lame, aac; Opus states its pre-skip) */
const ENCODER_DELAY = { mp3: 576, aac: 1024 };

/** An encoding's samples of delay at the start and of padding at the end. */
export interface EncoderGap {
  delay: number;
  padding: number;
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

/** Frames to keep of `total`: those with the source's samples, no padding beyond a frame's gap. */
function keep(total: number, sourceSamples: number, frameSamples: number, delay: number): number {
  const padding = total * frameSamples - delay - Math.round(sourceSamples);
  return framesToKeep(total, { delay, padding }, frameSamples);
}

function table(offsets: ArrayLike<number>, n: number, base: number): Uint32Array {
  const t = new Uint32Array(n + 1);
  for (let k = 0; k <= n; k++) t[k] = offsets[k]! - base;
  return t;
}

/** MP3 (libmp3lame) or ADTS (ffmpeg's aac): frames scanned by the afs handlers. */
function frames(codec: 'mp3' | 'aac', out: Uint8Array, sourceUs: number): Chunked {
  const info = codec === 'mp3' ? parseMp3(out) : parseAdts(out);
  const frame = FRAME_SAMPLES[codec];
  const n = keep(info.chunksTotal, (sourceUs * info.frequency) / 1e6, frame, ENCODER_DELAY[codec]);
  const start = info.chunkTable[0]!;
  const end = info.chunkTable[n]!;
  return {
    data: out.slice(start, end),
    chunkTable: table(info.chunkTable, n, start),
    chunksTotal: n,
    chunkTimeUs: Math.round((frame * 1e6) / info.frequency),
    frequency: info.frequency,
    channels: info.channels,
  };
}

/** Ogg Opus (libopus, 20 ms frames): the audio packets, one per chunk, as the pass-through takes
 * them apart (senders/mounts/passthrough.ts); the pre-skip from OpusHead. */
function opusChunks(out: Uint8Array, profile: MountProfile, sourceUs: number): Chunked {
  const all = opusPackets(out, profile);
  const preSkip = all.preSkip ?? 0;
  const n = keep(all.chunksTotal, (sourceUs * 48000) / 1e6, FRAME_SAMPLES.opus, preSkip);
  const chunkTable = all.chunkTable.slice(0, n + 1);
  return {
    data: all.data.slice(0, chunkTable[n]),
    chunkTable,
    chunksTotal: n,
    chunkTimeUs: all.chunkTimeUs,
    frequency: 48000,
    channels: all.channels,
    preSkip,
  };
}

/** ffmpeg's encoded output as mount chunks; throws if it holds no usable frames. */
export function chunkEncoded(profile: MountProfile, out: Uint8Array, sourceUs: number): Chunked {
  return profile.codec === 'opus'
    ? opusChunks(out, profile, sourceUs)
    : frames(profile.codec, out, sourceUs);
}
