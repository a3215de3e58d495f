// Test helper for the renditions: short sox-made files, ffmpeg's loudness of a rendition, ffprobe's
// duration.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MountProfile } from '../senders/mounts/types.js';

export const MP3: MountProfile = { codec: 'mp3', bitrate: 128, frequency: 44100, channels: 2 };
export const AAC: MountProfile = { codec: 'aac', bitrate: 128, frequency: 44100, channels: 2 };
export const OPUS: MountProfile = { codec: 'opus', bitrate: 128, frequency: 48000, channels: 2 };

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rend-${prefix}-`));
}

/** A tone of `seconds` at `volume` (0..1) made by sox; the suffix picks the format. */
export function tone(dir: string, name: string, seconds: number, volume = 0.5, freq = 440): string {
  const file = path.join(dir, name);
  execFileSync('sox', [
    '-n',
    '-r',
    '44100',
    '-c',
    '2',
    file,
    'synth',
    String(seconds),
    'sine',
    String(freq),
    'vol',
    String(volume),
  ]);
  return file;
}

/** Integrated loudness (LUFS) of an audio file, by ffmpeg's ebur128 filter (its summary). */
export function integratedLoudness(file: string): number {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-i', file, '-af', 'ebur128', '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  const m = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!m) throw new Error(`no loudness for ${file}: ${r.stderr.slice(-300)}`);
  return Number(m[1]);
}

/** ffprobe's decoded duration of a file (s). */
export function probeDuration(file: string): number {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  );
  return Number(out.trim());
}
