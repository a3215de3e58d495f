// The continuous Ogg Opus stream of /live.opus (and an Icecast target sending it): one logical
// stream with one serial number, OpusHead and OpusTags first (RFC 7845 §5), then audio pages
// whose granule positions go on across files. A listener joining later gets the head pages and
// then pages from the current one on, as Icecast serves its Ogg mounts.
import { PAGE_BOS, PAGE_HEADER_SIZE, pageCrc } from '../../afs/formats/ogg-pages.js';

/** packets per audio page at most (a page per flush otherwise): ~200 ms of 20 ms packets */
export const PACKETS_PER_PAGE = 10;

/** Samples (at 48 kHz) in an Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Uint8Array): number {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  let frame: number;
  if (config < 12)
    frame = [480, 960, 1920, 2880][config & 3]!; // SILK: 10/20/40/60 ms
  else if (config < 16)
    frame = (config & 1) === 0 ? 480 : 960; // hybrid: 10/20 ms
  else frame = [120, 240, 480, 960][config & 3]!; // CELT: 2.5/5/10/20 ms
  const code = toc & 3;
  const count = code === 0 ? 1 : code < 3 ? 2 : (packet[1] ?? 0) & 0x3f;
  return frame * count;
}

/** One Ogg page holding whole packets (each < 255 * 255 bytes), with the CRC filled in. */
export function oggPage(
  packets: readonly Uint8Array[],
  serial: number,
  sequence: number,
  granule: number,
  flags: number,
): Uint8Array {
  const lacing: number[] = [];
  let body = 0;
  for (const p of packets) {
    for (let left = p.length; ; left -= 255) {
      lacing.push(Math.min(255, left));
      if (left < 255) break;
    }
    body += p.length;
  }
  if (lacing.length > 255) throw new Error('ogg page: too many packets');
  const out = new Uint8Array(PAGE_HEADER_SIZE + lacing.length + body);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53, 0, flags], 0);
  view.setUint32(6, granule >>> 0, true);
  view.setUint32(10, Math.floor(granule / 4294967296), true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence >>> 0, true);
  out[26] = lacing.length;
  out.set(lacing, PAGE_HEADER_SIZE);
  let at = PAGE_HEADER_SIZE + lacing.length;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  view.setUint32(22, pageCrc(out, 0, out.length), true);
  return out;
}

/** OpusHead (RFC 7845 §5.1): version 1, channel mapping family 0. */
export function opusHead(channels: number, preSkip: number, inputRate = 48000): Uint8Array {
  const h = new Uint8Array(19);
  const v = new DataView(h.buffer);
  h.set(Buffer.from('OpusHead', 'latin1'), 0);
  h[8] = 1;
  h[9] = channels;
  v.setUint16(10, preSkip, true);
  v.setUint32(12, inputRate, true);
  return h;
}

/** OpusTags (RFC 7845 §5.2) with the vendor string and no comments. */
export function opusTags(vendor = 'paraweb'): Uint8Array {
  const vb = Buffer.from(vendor, 'utf8');
  const t = new Uint8Array(8 + 4 + vb.length + 4);
  const v = new DataView(t.buffer);
  t.set(Buffer.from('OpusTags', 'latin1'), 0);
  v.setUint32(8, vb.length, true);
  t.set(vb, 12);
  return t;
}

/**
 * Packs a mount's Opus packets into one continuous Ogg stream. The same bytes go to every
 * listener (so writes stay batched); each listener first gets `head`.
 */
export class OggOpusMuxer {
  private readonly serial: number;
  private sequence = 2;
  /** granule of the last packet added: samples since the stream began, plus the pre-skip */
  private granule: number;
  private packets: Uint8Array[] = [];
  /** the OpusHead and OpusTags pages */
  readonly head: Uint8Array;

  constructor(channels: number, preSkip: number, serial = (Math.random() * 0x7fffffff) | 0) {
    this.serial = serial;
    this.granule = preSkip;
    const h = oggPage([opusHead(channels, preSkip)], serial, 0, 0, PAGE_BOS);
    const t = oggPage([opusTags()], serial, 1, 0, 0);
    this.head = Buffer.concat([h, t]);
  }

  /** Adds a packet; returns a page when PACKETS_PER_PAGE have gathered. */
  add(packet: Uint8Array): Uint8Array | undefined {
    this.packets.push(packet);
    this.granule += opusPacketSamples(packet);
    return this.packets.length >= PACKETS_PER_PAGE ? this.flush() : undefined;
  }

  /** The packets gathered so far as one page (undefined when there are none). */
  flush(): Uint8Array | undefined {
    if (this.packets.length === 0) return undefined;
    const page = oggPage(this.packets, this.serial, this.sequence++, this.granule, 0);
    this.packets = [];
    return page;
  }
}
