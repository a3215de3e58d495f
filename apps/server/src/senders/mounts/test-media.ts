// Test helpers for the live mounts, reusable by the rendition tests: short tone files made by
// the real encoders (ffmpeg), and what a real player (ffmpeg) and an ICY reader (icecast-parser)
// make of a mount. A stream serving the mounts: vss/mount-test-util.ts.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Parser } from 'icecast-parser';
import type { MountProfile } from './types.js';

export const MP3_MOUNT: MountProfile = {
  codec: 'mp3',
  bitrate: 128,
  frequency: 44100,
  channels: 2,
};
export const AAC_MOUNT: MountProfile = {
  codec: 'aac',
  bitrate: 128,
  frequency: 44100,
  channels: 2,
};
export const OPUS_MOUNT: MountProfile = {
  codec: 'opus',
  bitrate: 128,
  frequency: 48000,
  channels: 2,
};

export interface Tone {
  /** file name; its suffix picks the encoder: mp3, m4a, aac (ADTS), opus, ogg, flac */
  name: string;
  seconds: number;
  /** Hz of the sine (default 440) */
  freq?: number;
  rate?: number;
  channels?: number;
  title?: string;
}

const ENCODERS: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '128k'],
  aac: ['-c:a', 'aac', '-b:a', '128k', '-f', 'adts'],
  opus: ['-c:a', 'libopus', '-b:a', '96k'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '3'],
  flac: ['-c:a', 'flac'],
};

/** Writes a tone file into `dir` with the real encoder; returns its path. */
export function makeTone(dir: string, t: Tone): string {
  const ext = path.extname(t.name).slice(1);
  const enc = ENCODERS[ext];
  if (!enc) throw new Error(`no encoder for .${ext}`);
  const out = path.join(dir, t.name);
  const rate = t.rate ?? (ext === 'opus' ? 48000 : 44100);
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `sine=frequency=${t.freq ?? 440}:duration=${t.seconds}:sample_rate=${rate}`],
    ...['-ac', String(t.channels ?? 2), '-ar', String(rate)],
    ...['-metadata', 'artist=Mount Test', '-metadata', `title=${t.title ?? t.name}`],
    ...enc,
    out,
  ]);
  return out;
}

/** `count` tone files of `seconds` each, named tone-<i>.<ext>, titled "Mount Test - tone <i>". */
export function toneLibrary(dir: string, ext: string, count: number, seconds: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    makeTone(dir, { name: `tone-${i}.${ext}`, seconds, freq: 330 + 110 * i, title: `tone ${i}` }),
  );
}

/** Reads the ICY StreamTitle of `url` as it changes, until stop(). */
export function icyTitles(url: string): { titles: string[]; stop(): void } {
  const titles: string[] = [];
  const parser = new Parser({ url, keepListen: true, notifyOnChangeOnly: true, autoUpdate: false });
  parser.on('metadata', (m) => titles.push(m.get('StreamTitle') ?? ''));
  parser.on('stream', (reader) => reader.resume());
  parser.on('error', () => {});
  return {
    titles,
    // the parser has no stop: its listener is ended by the server's close
    stop: () => parser.removeAllListeners('metadata'),
  };
}

/**
 * Media time over wall time after the burst (least squares over ffmpeg's progress reports past
 * `fromWallMs`, below `maxMediaMs`): 1 for a stream that plays in real time.
 */
export function realtimeSlope(
  progress: [number, number][],
  fromWallMs: number,
  maxMediaMs: number,
): { slope: number; points: number } {
  const pts = progress.filter(
    ([wall, media]) => wall > fromWallMs && media > 0 && media < maxMediaMs,
  );
  const n = pts.length;
  const mx = pts.reduce((a, [x]) => a + x, 0) / n;
  const my = pts.reduce((a, [, y]) => a + y, 0) / n;
  const slope =
    pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) /
    pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return { slope, points: n };
}
