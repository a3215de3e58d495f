// The RenditionStore's options, what it reports, and the cache key of a mount's profile.
import type { MountProfile } from '../senders/mounts/index.js';
import type { LoudnessTarget } from './encode.js';
import type { JobInfo } from './queue.js';

export interface RenditionStoreOptions {
  /** the cache directory, e.g. <database dir>/renditions */
  dir: string;
  /** the configured mounts */
  profiles: readonly MountProfile[];
  /** default 2 GiB */
  cacheLimitBytes?: number;
  /** ffmpeg jobs at once, default 1 */
  parallel?: number;
  /** the loudness renditions are levelled to; undefined: not levelled */
  target?: LoudnessTarget | undefined;
  /** render files that would pass through, so that they are levelled too */
  levelPassthrough?: boolean;
  /** ffmpeg's executable (default: ffmpeg from PATH) */
  ffmpeg?: string;
  /** kept free before a file's start when deciding to wait for its rendition (default 2 s) */
  marginMs?: number;
  /** a file's measured loudness, to be stored with it (afsi loudness) */
  onLoudness?: (hash: string, lufs: number) => Promise<void>;
  log?: { info(msg: string): void; warn(msg: string): void };
}

/** the file a rendition is made of */
export interface RenditionSource {
  hash: string;
  path: string;
  durationMs: number;
}

export interface RenditionFailure {
  path: string;
  codec: string;
  reason: string;
  at: number;
}

export interface WarmProgress {
  total: number;
  done: number;
  cached: number;
  failed: number;
}

export interface RenditionStatus {
  parallel: number;
  queue: JobInfo[];
  cache: { entries: number; bytes: number; limitBytes: number; dir: string };
  failures: RenditionFailure[];
  made: number;
  warming: WarmProgress | undefined;
  /** wall ms of work per ms of audio, as measured so far */
  speed: number;
}

export const DEFAULT_CACHE_LIMIT = 2 * 1024 ** 3;
export function profileKey(p: MountProfile, target: LoudnessTarget | undefined): string {
  const rate = p.codec === 'opus' ? 48000 : p.frequency;
  const level = target ? `i${target.integrated}tp${target.truePeak}` : 'raw';
  return `${p.codec}-${p.bitrate}k-${rate}-${p.channels}ch-${level}`.replace(/[^\w.-]/g, '_');
}
