// The live mounts' side of the stream clock (docs/streaming.md, "Live mounts"): each mount sends
// its own audio of the current file by its own chunk table, from the same file start as `/`
// (mount chunk k is due at run start + (k - k0) * its chunk time, k0 the mount's chunk for the
// run's offset), so titles change on every door within one chunk. A file skipped on a mount is
// silence there for the file's length; media time runs on across files. Nothing is decoded.
//
// A mount's audio of a file is whole frames, rarely as long as the file on `/` (a rendition keeps
// its encoder's delay but not the source's padding; a skipped file's silence is counted in frames
// of the mount's own length).
// Timed from each file start as it comes, a mount would drift from `/` by that much per file and
// its listeners' buffers drain (or grow) until they stall. So a file that follows another without
// a break starts on the mount where the last one's audio ended, and is fitted to end with the file
// on `/`: silent frames ahead of audio that falls short, the last frames left out of audio that
// runs over. A mount's media then ends each file up to one frame after `/` and never before.
import type { StreamBreak, StreamFile } from '../senders/types.js';
import type { ChunkTiming } from './chunk-timing.js';
import { emptyTiming, recordLateness } from './chunk-timing.js';
import { MountFraming } from '../senders/mounts/mount-stream.js';
import type { MountCodec, MountFeed, MountProfile, MountSink } from '../senders/mounts/types.js';
import { isSkip } from '../senders/mounts/types.js';

export interface MountClockOptions {
  profiles: readonly MountProfile[];
  sinks: () => readonly MountSink[];
  /** the stream clock (µs), for the mounts' chunk lateness; none: not measured */
  nowUs?: () => number;
  log?: {
    info(msg: string): void;
    error(obj: { err: unknown; sender?: string }, msg: string): void;
  };
}

/** A file skipped on a mount: what the status says. */
export interface MountSkipInfo {
  codec: MountCodec;
  path: string;
  reason: string;
}

class Mount {
  framing: MountFraming | undefined;
  /** next chunk of the file to send */
  next = 0;
  /** the run: chunk k0 is due at startUs; undefined while paused or stopped */
  run: { startUs: number; k0: number } | undefined;
  /** media time since the mount's stream began */
  ptsUs = 0;
  /** where the media sent so far ends on the clock (µs), while the stream flows without a break */
  mediaEndUs: number | undefined;
  /** the file `/` streams now lasts this long there (µs): what the mount's audio is fitted to */
  fileDurationUs = 0;
  /** the file's audio is fitted (at its first run start) */
  fitted = false;
  skip: MountSkipInfo | undefined;

  constructor(readonly profile: MountProfile) {}

  dueUs(k: number): number {
    return this.run!.startUs + (k - this.run!.k0) * this.framing!.chunkTimeUs;
  }
}

export class MountClock {
  private readonly mounts: Mount[];
  /** how late the mounts' chunks left (all mounts together), as `/`'s in the engine */
  readonly timing: ChunkTiming = emptyTiming();

  constructor(private readonly opts: MountClockOptions) {
    this.mounts = opts.profiles.map((p) => new Mount(p));
  }

  get profiles(): readonly MountProfile[] {
    return this.opts.profiles;
  }

  /** the files skipped on a mount now playing (silence there) */
  get skips(): MountSkipInfo[] {
    return this.mounts.flatMap((m) => (m.skip && m.framing ? [m.skip] : []));
  }

  /** A file starts (at the same moment as on `/`): each mount gets its audio, or silence. */
  fileStart(file: StreamFile, feed: MountFeed | undefined, fileDurationUs: number): void {
    for (const m of this.mounts) {
      const codec = m.profile.codec;
      const entry = feed?.[codec];
      let audio = entry && !isSkip(entry) ? entry : undefined;
      let reason = isSkip(entry) ? entry.skipped : 'no audio for this mount';
      try {
        m.framing = MountFraming.of(m.profile, audio, fileDurationUs);
      } catch (err) {
        reason = `its audio cannot be framed: ${String(err)}`;
        audio = undefined;
        m.framing = MountFraming.of(m.profile, undefined, fileDurationUs);
      }
      m.next = 0;
      m.run = undefined;
      m.fileDurationUs = fileDurationUs;
      m.fitted = false;
      m.skip = audio ? undefined : { codec, path: file.path, reason };
      if (m.skip) this.opts.log?.info(`live.${codec}: ${file.path} skipped (silence): ${reason}`);
      for (const s of this.opts.sinks()) {
        this.guard(s, () => s.mountFileStart(codec, file, audio, audio ? undefined : reason));
      }
    }
  }

  /** ff, jmp: each mount goes on from its chunk for `offsetUs` into the file. */
  seek(offsetUs: number): void {
    for (const m of this.mounts) {
      const f = m.framing;
      if (!f) continue;
      const k = f.lead + Math.floor(offsetUs / f.chunkTimeUs + 1e-9);
      m.next = Math.min(f.chunksTotal, k);
    }
  }

  /**
   * The chunks start to flow again at `startUs` (a file starts, play after pause, after a seek):
   * each mount's next chunk is due then, the ones after it by its own chunk time. A file that
   * follows the last one without a break goes on where its audio ended, fitted (see above).
   */
  runStart(startUs: number): void {
    for (const m of this.mounts) {
      const f = m.framing;
      if (!f) continue;
      // fitted once, at the file's start (not after a seek that came first)
      const fit = !m.fitted && m.next === 0;
      m.fitted = true;
      if (!fit) {
        m.run = { startUs, k0: m.next };
        continue;
      }
      // where the last file's audio ended, unless `/` started this one later (it was late)
      let from = m.mediaEndUs ?? startUs;
      if (from < startUs - f.chunkTimeUs) from = startUs;
      // frames to add (or, below zero, to leave out) so the audio ends with the file on `/`, or
      // less than a frame after it
      const shortUs = startUs + m.fileDurationUs - (from + f.chunksTotal * f.chunkTimeUs);
      f.fit(Math.ceil(shortUs / f.chunkTimeUs - 1e-6));
      m.run = { startUs: from, k0: m.next };
    }
  }

  /** when the next mount chunk is due (Infinity: none) */
  nextDueUs(): number {
    let due = Infinity;
    for (const m of this.mounts) {
      if (m.run && m.framing && m.next < m.framing.chunksTotal)
        due = Math.min(due, m.dueUs(m.next));
    }
    return due;
  }

  /** Sends every mount chunk due by `nowUs`. */
  send(nowUs: number): void {
    for (const m of this.mounts) this.sendMount(m, nowUs, false);
  }

  /** The file's chunks on `/` are out: what is left on the mounts goes out at once. */
  sendRest(nowUs: number): void {
    for (const m of this.mounts) this.sendMount(m, nowUs, true);
  }

  /** The stream stops flowing (pause, stop, next, eof, repos): the sinks are told. */
  streamBreak(reason: StreamBreak): void {
    for (const m of this.mounts) {
      m.run = undefined;
      // only an end of file goes on without a gap; after anything else a mount starts afresh
      if (reason !== 'eof') m.mediaEndUs = undefined;
      if (reason === 'eof' || reason === 'next' || reason === 'stop') {
        m.framing = undefined;
        m.skip = undefined;
      }
      for (const s of this.opts.sinks()) this.guard(s, () => s.mountBreak(m.profile.codec, reason));
    }
  }

  private sendMount(m: Mount, nowUs: number, all: boolean): void {
    const f = m.framing;
    if (!f || !m.run) return;
    const codec = m.profile.codec;
    const sinks = this.opts.sinks();
    while (m.next < f.chunksTotal) {
      const dueUs = m.dueUs(m.next);
      if (!all && dueUs > nowUs) break;
      let data: Uint8Array;
      try {
        data = f.chunk(m.next);
      } catch (err) {
        this.opts.log?.error({ err }, `live.${codec}: chunk ${m.next} cannot be framed`);
        data = new Uint8Array(0);
      }
      m.next++;
      // the rest sent at a file's end goes ahead of its time on purpose: not lateness
      const now = this.opts.nowUs?.();
      if (now !== undefined && dueUs <= nowUs) recordLateness(this.timing, now - dueUs);
      const silence = f.isSilent(m.next - 1);
      const chunk = { data, ptsUs: m.ptsUs, durationUs: f.chunkTimeUs, dueUs, silence };
      m.ptsUs += f.chunkTimeUs;
      m.mediaEndUs = dueUs + f.chunkTimeUs;
      if (data.length === 0) continue;
      for (const s of sinks) this.guard(s, () => s.mountChunk(codec, chunk));
    }
  }

  private guard(sink: MountSink, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log?.error({ err, sender: sink.name }, 'mount sink failed');
    }
  }
}
