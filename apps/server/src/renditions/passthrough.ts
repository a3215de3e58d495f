// Files already in a mount's codec, rate and channel layout play on it untouched: their own frames
// (MP3, ADTS), their AAC access units framed by the mount (m4a, `asc`), or their Opus packets. The
// fit check lives here until senders/mounts has its own; it never decodes.
import type { AudioFileRecord, OpenedFile } from '../afs/index.js';
import { adtsParams, formatName, OggPacketReader, OggPageScanner } from '../afs/index.js';
import type { MountAudio, MountProfile } from '../senders/mounts/types.js';

const AAC_LC = 2;

function base(opened: OpenedFile): Omit<MountAudio, 'codec' | 'framing'> {
  const f = opened.file;
  return {
    data: opened.data,
    chunkTable: opened.chunkTable,
    chunksTotal: f.chunksTotal,
    chunkTimeUs: f.chunkTimeUs,
    frequency: f.frequency,
    channels: f.channels,
    bitrate: f.bitrate,
    rendered: false,
    ...(f.loudness === null ? {} : { loudness: f.loudness }),
  };
}

/** AAC-LC: from the AudioSpecificConfig (m4a) or the first ADTS header. */
function isAacLc(opened: OpenedFile): boolean {
  if (opened.extra) {
    try {
      const p = adtsParams(opened.extra);
      return p.objectType === AAC_LC && !p.sbr;
    } catch {
      return false;
    }
  }
  const h = opened.chunkTable[0]!;
  const d = opened.data;
  return h + 7 <= d.length && d[h] === 0xff && (d[h + 2]! >> 6) + 1 === AAC_LC;
}

/** One chunk per Opus packet, copied out of the file's pages; undefined if they do not parse. */
function opusPackets(opened: OpenedFile): MountAudio | undefined {
  try {
    const scanner = new OggPageScanner(opened.data);
    if (!scanner.next()) return undefined;
    const reader = new OggPacketReader(scanner, scanner.serial);
    const head = reader.next();
    reader.next(); // OpusTags
    if (!head || head.length < 19) return undefined;
    const packets: Uint8Array[] = [];
    let size = 0;
    for (let p = reader.next(); p; p = reader.next()) {
      packets.push(p);
      size += p.length;
    }
    if (packets.length === 0) return undefined;
    const data = new Uint8Array(size);
    const chunkTable = new Uint32Array(packets.length + 1);
    let at = 0;
    packets.forEach((p, k) => {
      data.set(p, at);
      at += p.length;
      chunkTable[k + 1] = at;
    });
    // packet durations vary with the encoder's frame size; the mean keeps the file's length
    const chunkTimeUs = (opened.file.durationMs * 1000) / packets.length;
    return {
      ...base(opened),
      codec: 'opus',
      framing: 'opus-packets',
      data,
      chunkTable,
      chunksTotal: packets.length,
      chunkTimeUs,
      preSkip: head[10]! | (head[11]! << 8),
    };
  } catch {
    return undefined;
  }
}

/** The file as it is when it fits the mount, else undefined (it needs a rendition). */
export function passThrough(opened: OpenedFile, profile: MountProfile): MountAudio | undefined {
  const f = opened.file;
  const format = formatName(f.format);
  if (f.channels !== profile.channels) return undefined;
  switch (profile.codec) {
    case 'mp3':
      if (format !== 'mp3' || f.frequency !== profile.frequency) return undefined;
      return { ...base(opened), codec: 'mp3', framing: 'frames' };
    case 'aac':
      if (format !== 'aac' || f.frequency !== profile.frequency || !isAacLc(opened))
        return undefined;
      return opened.extra
        ? { ...base(opened), codec: 'aac', framing: 'asc', extra: opened.extra }
        : { ...base(opened), codec: 'aac', framing: 'frames' };
    case 'opus':
      return format === 'opus' ? opusPackets(opened) : undefined;
  }
}

/** The fit check from the row alone (no bytes): `rendition make` leaves such files out. */
export function fitsRecord(
  f: Pick<AudioFileRecord, 'format' | 'frequency' | 'channels'>,
  profile: MountProfile,
): boolean {
  const format = formatName(f.format);
  if (f.channels !== profile.channels) return false;
  if (profile.codec === 'opus') return format === 'opus';
  return format === profile.codec && f.frequency === profile.frequency;
}
