// ffmpeg's output cut into the chunks a live mount sends (senders/mounts/types.ts): whole MP3
// frames (the Xing/Info frame dropped), whole ADTS frames, or one Opus packet per chunk. The
// frames past the source's length (encoder padding) are dropped so that a file change on a mount
// leaves no gap beyond one frame; the encoder's delay at the start stays (MP3 576 samples, AAC one
// frame of 1024; Opus says it in the pre-skip, which the mount drops).
import { OggPacketReader, OggPageScanner, parseAdts, parseMp3 } from '../afs/index.js';
import type { MountCodec } from '../senders/mounts/types.js';

export interface Chunked {
  data: Uint8Array;
  chunkTable: Uint32Array;
  chunksTotal: number;
  chunkTimeUs: number;
  frequency: number;
  channels: number;
  preSkip?: number;
}

/** samples per frame (packet) and the encoder delay ffmpeg's encoders put in front */
export const FRAME_SAMPLES: Record<MountCodec, number> = { mp3: 1152, aac: 1024, opus: 960 };

/** Frames to keep: enough for the source's samples, none that hold only padding. */
function keep(total: number, sourceSamples: number, frameSamples: number, extra = 0): number {
  return Math.max(1, Math.min(total, Math.ceil((sourceSamples + extra) / frameSamples)));
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
  const n = keep(info.chunksTotal, (sourceUs * info.frequency) / 1e6, frame);
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

const OPUS_HEAD = 'OpusHead';

function isOpusHead(p: Uint8Array): boolean {
  return p.length >= 19 && String.fromCharCode(...p.subarray(0, 8)) === OPUS_HEAD;
}

/** Ogg Opus (libopus, 20 ms frames): the audio packets, one per chunk; pre-skip from OpusHead. */
function opusPackets(out: Uint8Array, sourceUs: number): Chunked {
  const scanner = new OggPageScanner(out);
  if (!scanner.next()) throw new Error('ffmpeg made no Ogg pages');
  const reader = new OggPacketReader(scanner, scanner.serial);
  const head = reader.next();
  if (!head || !isOpusHead(head)) throw new Error('ffmpeg made no OpusHead');
  const channels = head[9]!;
  const preSkip = head[10]! | (head[11]! << 8);
  reader.next(); // OpusTags
  const packets: Uint8Array[] = [];
  for (let p = reader.next(); p; p = reader.next()) packets.push(p);
  if (packets.length === 0) throw new Error('ffmpeg made no Opus packets');
  const n = keep(packets.length, (sourceUs * 48000) / 1e6, FRAME_SAMPLES.opus, preSkip);
  let size = 0;
  for (let k = 0; k < n; k++) size += packets[k]!.length;
  const data = new Uint8Array(size);
  const chunkTable = new Uint32Array(n + 1);
  for (let k = 0, at = 0; k < n; k++) {
    data.set(packets[k]!, at);
    at += packets[k]!.length;
    chunkTable[k + 1] = at;
  }
  const chunkTimeUs = (FRAME_SAMPLES.opus * 1e6) / 48000;
  return { data, chunkTable, chunksTotal: n, chunkTimeUs, frequency: 48000, channels, preSkip };
}

/** ffmpeg's encoded output as mount chunks; throws if it holds no usable frames. */
export function chunkEncoded(codec: MountCodec, out: Uint8Array, sourceUs: number): Chunked {
  return codec === 'opus' ? opusPackets(out, sourceUs) : frames(codec, out, sourceUs);
}
