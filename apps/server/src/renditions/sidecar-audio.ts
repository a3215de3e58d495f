// A rendition's two forms: the sidecar it is cached with, made of what ffmpeg encoded, and the
// MountAudio that a cached one plays as.
import type { MountAudio, MountProfile } from '../senders/mounts/index.js';
import { FORMAT_VERSION, type Sidecar } from './cache.js';
import type { Encoded, LoudnessTarget } from './encode.js';
import { profileKey, type RenditionSource } from './store-types.js';

export function audioOf(meta: Sidecar, data: Uint8Array): MountAudio {
  const chunkTable = Uint32Array.from(meta.chunkTable);
  return {
    codec: meta.codec,
    data,
    chunkTable,
    chunksTotal: chunkTable.length - 1,
    chunkTimeUs: meta.chunkTimeUs,
    frequency: meta.frequency,
    channels: meta.channels,
    bitrate: meta.bitrate,
    framing: meta.codec === 'opus' ? 'opus-packets' : 'frames',
    ...(meta.preSkip === undefined ? {} : { preSkip: meta.preSkip }),
    rendered: true,
    ...(meta.loudness === undefined ? {} : { loudness: meta.loudness }),
  };
}

export function sidecarOf(
  key: string,
  src: RenditionSource,
  p: MountProfile,
  target: LoudnessTarget | undefined,
  e: Encoded,
): Sidecar {
  return {
    version: FORMAT_VERSION,
    key,
    hash: src.hash,
    path: src.path,
    profile: profileKey(p, target),
    codec: p.codec,
    bitrate: p.bitrate,
    frequency: e.frequency,
    channels: e.channels,
    chunkTimeUs: e.chunkTimeUs,
    chunkTable: Array.from(e.chunkTable),
    ...(e.preSkip === undefined ? {} : { preSkip: e.preSkip }),
    ...(e.loudness === undefined ? {} : { loudness: e.loudness }),
    ...(e.outputLoudness === undefined ? {} : { outputLoudness: e.outputLoudness }),
    madeAt: Date.now(),
  };
}
