// Silent frames made without an encoder, for a file skipped on a mount (its listeners hear
// silence for the file's length and stay connected). Each is a valid frame of the mount's codec
// that decodes to silence; tests decode them with ffmpeg (silence.test.ts).
import { AAC_SAMPLE_RATES, adtsHeaderFor } from '../../afs/formats/adts.js';
import type { MountProfile } from './types.js';

/** MPEG-1 Layer III bitrates (kbit/s) by index (ISO/IEC 11172-3 §2.4.2.3) */
const MP3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_RATES = [44100, 48000, 32000];

/** One silent frame and its play time. */
export interface SilentFrame {
  data: Uint8Array;
  durationUs: number;
}

/**
 * MPEG-1 Layer III: a frame whose side information and main data are all zero has
 * part2_3_length 0 in every granule and channel, so no Huffman data and all-zero spectra
 * (ISO/IEC 11172-3 §2.4.1.7; the frame header layout: http://www.mp3-tech.org/programmer/frame_header.html).
 */
function mp3Silence(p: MountProfile): SilentFrame {
  let bri = MP3_KBPS.indexOf(p.bitrate);
  if (bri < 0) bri = MP3_KBPS.indexOf(128);
  let sri = MP3_RATES.indexOf(p.frequency);
  if (sri < 0) sri = 0;
  const rate = MP3_RATES[sri]!;
  const len = Math.floor((144 * MP3_KBPS[bri]! * 1000) / rate);
  const data = new Uint8Array(len);
  data[0] = 0xff;
  data[1] = 0xfb; // MPEG-1, Layer III, no CRC
  data[2] = (bri << 4) | (sri << 2);
  data[3] = p.channels === 1 ? 0xc0 : 0x00; // mono, or plain stereo
  return { data, durationUs: (1152 * 1e6) / rate };
}

/**
 * AAC-LC: one raw data block holding a single channel element (mono) or a channel pair element
 * (stereo) with zero spectra, as hls.js inserts for gaps (src/remux/aac-helper.ts,
 * https://github.com/video-dev/hls.js), behind an ADTS header for the mount's rate.
 */
function aacSilence(p: MountProfile): SilentFrame {
  const raw =
    p.channels === 1
      ? Uint8Array.from([0x00, 0xc8, 0x00, 0x80, 0x23, 0x80])
      : Uint8Array.from([0x21, 0x00, 0x49, 0x90, 0x02, 0x19, 0x00, 0x23, 0x80]);
  let freqIndex = (AAC_SAMPLE_RATES as readonly number[]).indexOf(p.frequency);
  if (freqIndex < 0) freqIndex = (AAC_SAMPLE_RATES as readonly number[]).indexOf(44100);
  const head = adtsHeaderFor(
    { objectType: 2, freqIndex, channelConfig: p.channels === 1 ? 1 : 2, sbr: false },
    raw.length,
  );
  const data = new Uint8Array(head.length + raw.length);
  data.set(head, 0);
  data.set(raw, head.length);
  return { data, durationUs: (1024 * 1e6) / AAC_SAMPLE_RATES[freqIndex]! };
}

/**
 * Opus: TOC 0xF8 (CELT fullband, 20 ms, mono, one frame) and the two bytes 0xFF 0xFE, the
 * silence frame Discord's voice API asks clients to send
 * (https://discord.com/developers/docs/topics/voice-connections#voice-data-interpolation);
 * a stereo decoder upmixes a mono packet (RFC 6716 §3.1).
 */
function opusSilence(): SilentFrame {
  return { data: Uint8Array.from([0xf8, 0xff, 0xfe]), durationUs: 20_000 };
}

/** The silent frame of a mount (its framing is `frames` for mp3/aac, `opus-packets` for opus). */
export function silentFrame(p: MountProfile): SilentFrame {
  switch (p.codec) {
    case 'mp3':
      return mp3Silence(p);
    case 'aac':
      return aacSilence(p);
    case 'opus':
      return opusSilence();
  }
}
