// One rendition: the source measured with ffmpeg's EBU R128 filter (loudnorm, first pass), then
// encoded for the mount's profile with the measured values (loudnorm's linear second pass), so
// the level is a plain gain to the target wherever the true-peak limit allows it.
import type { MountCodec, MountProfile } from '../senders/mounts/types.js';
import { chunkEncoded, type Chunked } from './chunks.js';
import { FfmpegError, runFfmpeg, type FfmpegOptions } from './ffmpeg.js';

export interface LoudnessTarget {
  /** integrated loudness, LUFS */
  integrated: number;
  /** true peak ceiling, dBTP */
  truePeak: number;
}

export interface Measured {
  /** integrated loudness of the source (LUFS); undefined for silence */
  integrated: number | undefined;
  truePeak: number;
  lra: number;
  threshold: number;
  offset: number;
  /** decoded length of the source, µs */
  durationUs: number;
  wallMs: number;
}

export const DEFAULT_TARGET: LoudnessTarget = { integrated: -16, truePeak: -1 };

export interface Encoded extends Chunked {
  codec: MountCodec;
  bitrate: number;
  /** the source's integrated loudness */
  loudness: number | undefined;
  /** the rendition's integrated loudness as loudnorm measured its output */
  outputLoudness: number | undefined;
  /** wall time of both ffmpeg runs, ms */
  wallMs: number;
}

/** below this the source counts as silence: no gain is applied */
const SILENCE_LUFS = -70;
const LRA_TARGET = 11;

function num(json: Record<string, unknown>, key: string): number {
  const v = Number(json[key]);
  return Number.isFinite(v) ? v : Number.NaN;
}

/** The JSON block loudnorm prints at the end of stderr. */
function loudnormJson(stderr: string): Record<string, unknown> {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) throw new FfmpegError('ffmpeg printed no loudness measurement');
  try {
    return JSON.parse(stderr.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    throw new FfmpegError('ffmpeg printed an unreadable loudness measurement');
  }
}

function loudnorm(t: LoudnessTarget): string {
  return `loudnorm=I=${t.integrated}:TP=${t.truePeak}:LRA=${LRA_TARGET}`;
}

/** First pass: the source decoded once, its loudness and its length. */
export async function measure(
  path: string,
  target: LoudnessTarget,
  opts: FfmpegOptions,
): Promise<Measured> {
  const run = await runFfmpeg(
    [
      '-i',
      path,
      '-vn',
      '-af',
      `${loudnorm(target)}:print_format=json`,
      '-f',
      'null',
      '-progress',
      'pipe:1',
      '-',
    ],
    opts,
  );
  const json = loudnormJson(run.stderr);
  const times = [...run.stdout.toString('latin1').matchAll(/out_time_us=(\d+)/g)];
  const durationUs = times.length > 0 ? Number(times[times.length - 1]![1]) : 0;
  if (!(durationUs > 0)) throw new FfmpegError('ffmpeg decoded no audio from the file');
  const integrated = num(json, 'input_i');
  return {
    integrated: integrated > SILENCE_LUFS ? integrated : undefined,
    truePeak: num(json, 'input_tp'),
    lra: num(json, 'input_lra'),
    threshold: num(json, 'input_thresh'),
    offset: num(json, 'target_offset'),
    durationUs,
    wallMs: run.wallMs,
  };
}

function codecArgs(p: MountProfile): string[] {
  const common = ['-b:a', `${p.bitrate}k`, '-ac', String(p.channels)];
  switch (p.codec) {
    case 'mp3':
      return [
        '-c:a',
        'libmp3lame',
        ...common,
        '-write_xing',
        '0',
        '-id3v2_version',
        '0',
        '-f',
        'mp3',
      ];
    case 'aac':
      return ['-c:a', 'aac', '-profile:a', 'aac_low', ...common, '-f', 'adts'];
    case 'opus':
      return ['-c:a', 'libopus', ...common, '-frame_duration', '20', '-f', 'ogg'];
  }
}

/** The filter chain of the second pass: the measured gain (or none), then the mount's rate. */
function levelFilter(m: Measured, target: LoudnessTarget | undefined, rate: number): string {
  const resample = `aresample=${rate}`;
  if (!target || m.integrated === undefined) return resample;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const measured = [
    `measured_I=${clamp(m.integrated, -99, 0)}`,
    `measured_TP=${clamp(m.truePeak, -99, 99)}`,
    `measured_LRA=${clamp(m.lra, 0, 99)}`,
    `measured_thresh=${clamp(m.threshold, -99, 0)}`,
    `offset=${clamp(m.offset, -99, 99)}`,
  ].join(':');
  return `${loudnorm(target)}:${measured}:linear=true:print_format=json,${resample}`;
}

/**
 * Makes one rendition in memory: measures, encodes, cuts into chunks. `target` undefined: no
 * levelling (the loudness is still measured and returned).
 */
export async function encode(
  path: string,
  profile: MountProfile,
  target: LoudnessTarget | undefined,
  opts: FfmpegOptions,
  measured?: Measured,
): Promise<Encoded> {
  const m = measured ?? (await measure(path, target ?? DEFAULT_TARGET, opts));
  const rate = profile.codec === 'opus' ? 48000 : profile.frequency;
  const run = await runFfmpeg(
    [
      '-i',
      path,
      '-vn',
      '-map_metadata',
      '-1',
      '-af',
      levelFilter(m, target, rate),
      '-ar',
      String(rate),
      ...codecArgs(profile),
      'pipe:1',
    ],
    opts,
  );
  let outputLoudness: number | undefined;
  if (target && m.integrated !== undefined) {
    const v = num(loudnormJson(run.stderr), 'output_i');
    outputLoudness = Number.isFinite(v) ? v : undefined;
  }
  let chunks: Chunked;
  try {
    chunks = chunkEncoded(profile.codec, new Uint8Array(run.stdout), m.durationUs);
  } catch (err) {
    throw new FfmpegError(`ffmpeg's ${profile.codec} output is unusable: ${String(err)}`);
  }
  return {
    ...chunks,
    codec: profile.codec,
    bitrate: profile.bitrate,
    loudness: m.integrated,
    outputLoudness,
    wallMs: (measured ? 0 : m.wallMs) + run.wallMs,
  };
}
