// Test helper: real MP3 frames, ADTS frames and Opus packets, made once by ffmpeg (a tone) and
// split by the format handlers (mp3, aac) or by reading the Ogg pages (opus), and a driver that
// feeds them to an HLS output as a live mount would: file starts and timed chunks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAudio } from '../../afs/formats/index.js';
import type { StreamFile } from '../types.js';
import type { MountAudio, MountCodec, MountSink } from '../mounts/types.js';

export interface Frames {
  codec: MountCodec;
  frames: Uint8Array[];
  durationUs: number;
  frequency: number;
  channels: number;
  preSkip: number;
}

const ARGS: Record<MountCodec, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k', '-ar', '44100', '-write_xing', '0', '-f', 'mp3'],
  aac: ['-c:a', 'aac', '-b:a', '128k', '-ar', '44100', '-f', 'adts'],
  opus: ['-c:a', 'libopus', '-b:a', '128k', '-f', 'ogg'],
};

/** `seconds` of a 440 Hz stereo tone in `codec`, split into frames (packets for Opus). */
export async function makeFrames(codec: MountCodec, seconds: number): Promise<Frames> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hls-frames-'));
  try {
    const file = path.join(dir, `tone.${codec === 'opus' ? 'opus' : codec}`);
    const tone = `sine=frequency=440:duration=${seconds}`;
    const args = ['-v', 'error', '-f', 'lavfi', '-i', tone, '-ac', '2', '-map_metadata', '-1'];
    execFileSync('ffmpeg', [...args, ...ARGS[codec], file]);
    const data = new Uint8Array(fs.readFileSync(file));
    if (codec === 'opus') {
      const packets = oggPackets(data);
      const head = packets[0]!;
      return {
        codec,
        frames: packets.slice(2),
        durationUs: 20_000,
        frequency: 48_000,
        channels: head[9]!,
        preSkip: head[10]! | (head[11]! << 8),
      };
    }
    const info = await parseAudio(file, data);
    const frames: Uint8Array[] = [];
    for (let k = 0; k + 1 < info.chunkTable.length; k++) {
      frames.push(data.subarray(info.chunkTable[k], info.chunkTable[k + 1]));
    }
    return {
      codec,
      frames,
      durationUs: info.chunkTimeUs,
      frequency: info.frequency,
      channels: info.channels,
      preSkip: 0,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The packets of an Ogg stream (one logical stream): lacing values joined across pages. */
function oggPackets(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pending: number[] = [];
  let at = 0;
  while (at + 27 <= data.length) {
    const nsegs = data[at + 26]!;
    let body = at + 27 + nsegs;
    for (let i = 0; i < nsegs; i++) {
      const len = data[at + 27 + i]!;
      for (let b = 0; b < len; b++) pending.push(data[body + b]!);
      body += len;
      if (len < 255) {
        out.push(Uint8Array.from(pending));
        pending = [];
      }
    }
    at = body;
  }
  return out;
}

export function mountAudio(f: Frames, chunks = f.frames.length): MountAudio {
  return {
    codec: f.codec,
    data: new Uint8Array(0),
    chunkTable: new Uint32Array(1),
    chunksTotal: chunks,
    chunkTimeUs: f.durationUs,
    frequency: f.frequency,
    channels: f.channels,
    bitrate: 128,
    framing: f.codec === 'opus' ? 'opus-packets' : 'frames',
    preSkip: f.preSkip,
    rendered: true,
  };
}

export function streamFile(seq: number, title: string): StreamFile {
  return {
    seq,
    format: 'mp3',
    path: `/music/${seq}.mp3`,
    title,
    header: undefined,
    chunkTimeUs: 26_122,
    chunksTotal: 0,
    extra: undefined,
    bitrate: 128,
    frequency: 44_100,
    channels: 2,
  };
}

/**
 * Feeds `files` (chunk counts) of `f`'s frames to `sink` as one mount, back to back, without
 * waiting: due times run from `startUs` at the audio's rate. Returns the next due time.
 */
export function feed(
  sink: MountSink,
  f: Frames,
  files: readonly number[],
  startUs = Date.now() * 1000,
  firstSeq = 1,
): number {
  let due = startUs;
  let pts = 0;
  let k = 0;
  files.forEach((count, i) => {
    sink.mountFileStart(
      f.codec,
      streamFile(firstSeq + i, `Artist ${i} - Title ${i}`),
      mountAudio(f, count),
    );
    for (let n = 0; n < count; n++) {
      const data = f.frames[k++ % f.frames.length]!;
      sink.mountChunk(f.codec, {
        data,
        ptsUs: pts,
        durationUs: f.durationUs,
        dueUs: due,
        silence: false,
      });
      due += f.durationUs;
      pts += f.durationUs;
    }
    sink.mountBreak(f.codec, 'eof');
  });
  return due;
}

/**
 * Feeds `f` to `sink` in real time, as a mount would (chunks when due; a new file every
 * `fileS` seconds), starting `backlogS` seconds in the past. Returns stop().
 */
export function liveFeed(sink: MountSink, f: Frames, fileS: number, backlogS = 0): () => void {
  const startUs = Date.now() * 1000 - backlogS * 1e6;
  const perFile = Math.round((fileS * 1e6) / f.durationUs);
  let n = 0;
  const tick = (): void => {
    const nowUs = Date.now() * 1000;
    for (let due = startUs + n * f.durationUs; due <= nowUs; due = startUs + n * f.durationUs) {
      if (n % perFile === 0) {
        const i = n / perFile;
        sink.mountFileStart(
          f.codec,
          streamFile(i + 1, `Artist ${i} - Title ${i}`),
          mountAudio(f, perFile),
        );
      }
      const data = f.frames[n % f.frames.length]!;
      sink.mountChunk(f.codec, {
        data,
        ptsUs: n * f.durationUs,
        durationUs: f.durationUs,
        dueUs: due,
        silence: false,
      });
      n++;
    }
  };
  tick();
  const timer = setInterval(tick, 20);
  return () => clearInterval(timer);
}
