// The mounts' feeder when no renditions exist: a file already in a mount's codec, rate and
// channels passes through untouched (mp3 to /live.mp3 with all its frames, as `/` sends them:
// the mount stays in step with `/`, so dropping its frames of padding would only put silent
// frames in their place (vss/mount-clock.ts); AAC-LC, m4a or ADTS, to /live.aac; Opus to
// /live.opus, its Ogg pages taken apart into packets); every other file is skipped on that mount.
// A rendition-backed feeder (made by ffmpeg, cached) takes its place where renditions are made.
import { adtsParams } from '../../afs/formats/adts.js';
import { OggPacketReader, OggPageScanner } from '../../afs/formats/ogg-pages.js';
import { formatName } from '../../afs/formats/types.js';
import type { OpenedFile } from '../../afs/index.js';
import { opusPacketSamples } from './ogg-mux.js';
import type { MountAudio, MountFeed, MountFeeder, MountProfile, MountSkip } from './types.js';

/** An m4a's AudioSpecificConfig, or an ADTS file's first header, says AAC-LC (not HE-AAC). */
function isAacLc(opened: OpenedFile): boolean {
  if (opened.extra) {
    try {
      const p = adtsParams(opened.extra);
      return p.objectType === 2 && !p.sbr;
    } catch {
      return false;
    }
  }
  const at = opened.chunkTable[0] ?? 0;
  return opened.data.length > at + 2 && opened.data[at + 2]! >> 6 === 1; // profile 1: LC
}

/** The file's own chunks as a mount's audio. */
function ownChunks(
  opened: OpenedFile,
  p: MountProfile,
  framing: MountAudio['framing'],
): MountAudio {
  const f = opened.file;
  const chunksTotal = Math.min(f.chunksTotal, opened.chunkTable.length - 1);
  return {
    codec: p.codec,
    data: opened.data,
    chunkTable: opened.chunkTable,
    chunksTotal,
    chunkTimeUs: f.chunkTimeUs,
    frequency: f.frequency,
    channels: f.channels,
    bitrate: f.bitrate,
    framing,
    extra: framing === 'asc' ? opened.extra : undefined,
    rendered: false,
  };
}

/**
 * An Ogg Opus file's audio packets, one chunk each, and its pre-skip (RFC 7845: the first
 * packet is OpusHead, the second OpusTags). Only the first logical stream is read.
 */
export function opusPackets(data: Uint8Array, p: MountProfile): MountAudio {
  const scanner = new OggPageScanner(data);
  if (!scanner.next()) throw new Error('no ogg page');
  const reader = new OggPacketReader(scanner, scanner.serial);
  const head = reader.next();
  if (!head || Buffer.from(head.subarray(0, 8)).toString('latin1') !== 'OpusHead')
    throw new Error('no OpusHead');
  const preSkip = head[10]! | (head[11]! << 8);
  reader.next(); // OpusTags
  const packets: Uint8Array[] = [];
  let size = 0;
  for (let pk = reader.next(); pk; pk = reader.next()) {
    packets.push(pk);
    size += pk.length;
  }
  if (packets.length === 0) throw new Error('no opus audio packets');
  const out = new Uint8Array(size);
  const table = new Uint32Array(packets.length + 1);
  let at = 0;
  packets.forEach((pk, i) => {
    table[i] = at;
    out.set(pk, at);
    at += pk.length;
  });
  table[packets.length] = at;
  return {
    codec: 'opus',
    data: out,
    chunkTable: table,
    chunksTotal: packets.length,
    chunkTimeUs: (opusPacketSamples(packets[0]!) * 1e6) / 48000,
    frequency: 48000,
    channels: head[9]!,
    bitrate: p.bitrate,
    framing: 'opus-packets',
    preSkip,
    rendered: false,
  };
}

/** What of `opened` plays on mount `p` without a rendition. */
export function passThrough(opened: OpenedFile, p: MountProfile): MountAudio | MountSkip {
  const f = opened.file;
  const format = formatName(f.format);
  const fits = (codec: string, rate: boolean): boolean =>
    format === codec && f.channels === p.channels && (!rate || f.frequency === p.frequency);
  const no = (what: string): MountSkip => ({ skipped: `not ${what}, and no rendition` });
  const shape = `${p.frequency} Hz, ${p.channels === 1 ? 'mono' : 'stereo'}`;
  switch (p.codec) {
    case 'mp3':
      return fits('mp3', true) ? ownChunks(opened, p, 'frames') : no(`MP3 at ${shape}`);
    case 'aac':
      if (!fits('aac', true) || !isAacLc(opened)) return no(`AAC-LC at ${shape}`);
      return ownChunks(opened, p, opened.extra ? 'asc' : 'frames');
    case 'opus':
      if (!fits('opus', false)) return no(`Opus, ${p.channels === 1 ? 'mono' : 'stereo'}`);
      try {
        return opusPackets(opened.data, p);
      } catch (err) {
        return { skipped: `its Opus packets cannot be read: ${String(err)}` };
      }
  }
}

export class PassThroughFeeder implements MountFeeder {
  constructor(private readonly profiles: readonly MountProfile[]) {}

  feed(opened: OpenedFile): Promise<MountFeed> {
    const out: MountFeed = {};
    for (const p of this.profiles) out[p.codec] = passThrough(opened, p);
    return Promise.resolve(out);
  }
}
