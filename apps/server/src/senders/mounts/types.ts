// The live mounts (/live.mp3, /live.aac, /live.opus): one codec, rate and channel layout each,
// file after file, never ending at a file change (docs/streaming.md). What a mount streams of a
// file is its MountAudio: the file's own chunks when it is already in the mount's codec
// (pass-through) or its rendition (made once by ffmpeg, off the stream thread, and cached). The
// stream thread only times and frames compressed chunks; it never decodes.
import type { OpenedFile } from '../../afs/index.js';
import type { StreamBreak, StreamFile } from '../types.js';

export const MOUNT_CODECS = ['mp3', 'aac', 'opus'] as const;
export type MountCodec = (typeof MOUNT_CODECS)[number];

/** What a mount is configured to carry. */
export interface MountProfile {
  codec: MountCodec;
  /** kbit/s */
  bitrate: number;
  /** Hz: 44100 or 48000 (opus: always 48000) */
  frequency: number;
  channels: number;
}

/** One file's audio on one mount, with its own chunk table, timed from the file's start on `/`. */
export interface MountAudio {
  codec: MountCodec;
  /** every chunk's bytes: chunk k is data[chunkTable[k] .. chunkTable[k + 1]) */
  data: Uint8Array;
  /** chunksTotal + 1 byte offsets into data */
  chunkTable: Uint32Array;
  chunksTotal: number;
  /** play time of one chunk (µs): chunk k is due k * chunkTimeUs after the file starts on `/` */
  chunkTimeUs: number;
  frequency: number;
  channels: number;
  /** kbit/s */
  bitrate: number;
  /**
   * How a chunk is framed: `frames` whole MP3 or ADTS frames, sent as they are; `asc` raw AAC
   * access units (an m4a file passed through) that get an ADTS header made from `extra`;
   * `opus-packets` one Opus packet per chunk, put into the mount's own continuous container.
   */
  framing: 'frames' | 'asc' | 'opus-packets';
  /** the AudioSpecificConfig, for `asc` */
  extra?: Uint8Array;
  /** Opus: the pre-skip (samples at 48 kHz) of this file's encoding */
  preSkip?: number;
  /** true: a rendition from the cache; false: the file's own bytes (pass-through) */
  rendered: boolean;
  /** integrated loudness (LUFS) measured when the rendition was made, when known */
  loudness?: number;
}

/** A file that does not play on a mount (not rendered in time, ffmpeg failed): the reason. */
export interface MountSkip {
  skipped: string;
}

/** What the engine gets with a file for each configured mount. */
export type MountFeed = Partial<Record<MountCodec, MountAudio | MountSkip>>;

export function isSkip(a: MountAudio | MountSkip | undefined): a is MountSkip {
  return a !== undefined && 'skipped' in a;
}

/**
 * One chunk of a mount's stream as its consumers (the HTTP sender's /live.*, an Icecast target,
 * HLS) get it: framing applied (MP3 frames, ADTS frames, or one Opus packet), media time
 * continuous across files.
 */
export interface MountChunk {
  data: Uint8Array;
  /** media time of the chunk's first sample since the mount's stream began, µs */
  ptsUs: number;
  durationUs: number;
  /** when the chunk was due on the vss clock, µs */
  dueUs: number;
  /** true: silence sent in place of a file skipped on this mount */
  silence: boolean;
}

/** A consumer of the mounts' streams, driven on the stream thread. Must not throw or block. */
export interface MountSink {
  readonly name: string;
  /**
   * A file starts on the mount (same moment as on `/`); audio undefined: skipped (`skipped` says
   * why), silence follows.
   */
  mountFileStart(
    codec: MountCodec,
    file: StreamFile,
    audio: MountAudio | undefined,
    skipped?: string,
  ): void;
  mountChunk(codec: MountCodec, chunk: MountChunk): void;
  mountBreak(codec: MountCodec, reason: StreamBreak): void;
}

/**
 * Attaches the mounts' audio to a file chosen for the stream (main thread): pass-through when the
 * file already fits a mount, else its rendition when it is ready within `neededInMs`, else a skip.
 */
export interface MountFeeder {
  /** pass-through audio may be views of `opened.data` (sent to the stream thread with it) */
  feed(opened: OpenedFile, neededInMs: number, signal: AbortSignal): Promise<MountFeed>;
}
