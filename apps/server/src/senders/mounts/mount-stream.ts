// The framing of a mount's chunks, done once for every consumer (HTTP /live.*, Icecast, HLS): MP3
// and ADTS frames as they are (but an MP3 VBR header frame, which would decode as a silent frame
// mid-stream, is dropped), raw AAC access units of an m4a file behind an ADTS header made from
// its AudioSpecificConfig, Opus packets as they are (the Ogg container is the consumer's). A file
// skipped on the mount is the mount's silent frame, repeated for the file's length. A file's audio
// may be fitted to its length on `/` (vss/mount-clock.ts): silent frames ahead of audio that is
// shorter, the last frames left out of audio that is longer.
import { adtsHeaderFor, adtsParams } from '../../afs/formats/adts.js';
import type { AdtsParams } from '../../afs/formats/adts.js';
import { vbrHeaderFrameLength } from '../../afs/formats/mp3.js';
import type { SilentFrame } from './silence.js';
import { silentFrame } from './silence.js';
import type { MountAudio, MountProfile, MountSink } from './types.js';

/** What of one file a mount streams: its audio's chunks, or silence. */
export class MountFraming {
  /** chunks in all: `lead` silent frames, then the audio's (less those left out at the end) */
  chunksTotal: number;
  readonly chunkTimeUs: number;
  /** silent frames sent ahead of the audio */
  lead = 0;
  private readonly adts: AdtsParams | undefined;

  private constructor(
    private readonly audio: MountAudio | undefined,
    private readonly silence: SilentFrame,
    fileDurationUs: number,
  ) {
    if (audio) {
      this.chunksTotal = Math.min(audio.chunksTotal, audio.chunkTable.length - 1);
      this.chunkTimeUs = audio.chunkTimeUs;
      this.adts = audio.framing === 'asc' && audio.extra ? adtsParams(audio.extra) : undefined;
    } else {
      this.chunkTimeUs = silence.durationUs;
      this.chunksTotal = Math.max(0, Math.floor(fileDurationUs / silence.durationUs + 1e-9));
    }
  }

  /**
   * Fits the chunks to `frames` more (silent frames ahead) or fewer (the last ones left out,
   * one at least kept). Done once, before the first chunk is sent.
   */
  fit(frames: number): void {
    if (frames > 0) this.lead = frames;
    else this.chunksTotal = Math.max(Math.min(1, this.chunksTotal), this.chunksTotal + frames);
    this.chunksTotal += this.lead;
  }

  /** `audio` undefined: silence for `fileDurationUs` */
  static of(
    profile: MountProfile,
    audio: MountAudio | undefined,
    fileDurationUs: number,
  ): MountFraming {
    return new MountFraming(audio, silentFrame(profile), fileDurationUs);
  }

  get silent(): boolean {
    return this.audio === undefined;
  }

  /** chunk k is a silent frame (the file is skipped on the mount, or it is one of the lead) */
  isSilent(k: number): boolean {
    return this.audio === undefined || k < this.lead;
  }

  /** The bytes of chunk k as consumers get them (empty: nothing to send for it). */
  chunk(k: number): Uint8Array {
    const a = this.audio;
    if (!a || k < this.lead) return this.silence.data;
    k -= this.lead;
    let data = a.data.subarray(a.chunkTable[k], a.chunkTable[k + 1]);
    if (data.length === 0) return data;
    if (a.framing === 'asc') {
      if (!this.adts) return new Uint8Array(0);
      const out = new Uint8Array(7 + data.length);
      out.set(adtsHeaderFor(this.adts, data.length), 0);
      out.set(data, 7);
      return out;
    }
    if (k === 0 && a.codec === 'mp3') {
      // a Xing/Info/VBRI frame holds no audio; players would decode it as silence mid-stream
      const skip = vbrHeaderFrameLength(data);
      if (skip > 0) data = data.subarray(skip);
    }
    return data;
  }
}

/** Is this object (a sender, an HLS writer) a consumer of the mounts' streams? */
export function isMountSink<T extends object>(x: T): x is T & MountSink {
  return 'mountChunk' in x && 'mountFileStart' in x && 'mountBreak' in x;
}
