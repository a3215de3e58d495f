// Test helper: what ffprobe says about a file (packets with byte positions, streams, format).
import { execFileSync } from 'node:child_process';

export interface ProbePacket {
  pos: number;
  size: number;
  durationSec: number;
  ptsSec: number;
}

export interface ProbeResult {
  durationSec: number;
  sampleRate: number;
  channels: number;
  codec: string;
  tags: Record<string, string>;
  packets: ProbePacket[];
}

interface RawProbe {
  format?: { duration?: string; tags?: Record<string, string> };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    sample_rate?: string;
    channels?: number;
    tags?: Record<string, string>;
  }[];
  packets?: {
    codec_type?: string;
    pos?: string;
    size?: string;
    duration_time?: string;
    pts_time?: string;
  }[];
}

export function ffprobe(file: string): ProbeResult {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_packets', '-show_format', '-show_streams', '-of', 'json', file],
    { maxBuffer: 256 * 1024 * 1024 },
  ).toString();
  const raw = JSON.parse(out) as RawProbe;
  const audio = raw.streams?.find((s) => s.codec_type === 'audio');
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...raw.format?.tags, ...audio?.tags })) {
    tags[k.toLowerCase()] = v;
  }
  return {
    durationSec: Number(raw.format?.duration ?? 0),
    sampleRate: Number(audio?.sample_rate ?? 0),
    channels: audio?.channels ?? 0,
    codec: audio?.codec_name ?? '',
    tags,
    packets: (raw.packets ?? [])
      .filter((p) => p.codec_type === 'audio')
      .map((p) => ({
        pos: Number(p.pos ?? -1),
        size: Number(p.size ?? 0),
        durationSec: Number(p.duration_time ?? 0),
        ptsSec: Number(p.pts_time ?? 0),
      })),
  };
}
