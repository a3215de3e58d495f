// The live mounts' side of the stream clock (docs/streaming.md, "Live mounts"): each mount sends
// its own audio of the current file by its own chunk table, from the same file start as `/`
// (mount chunk k is due at run start + (k - k0) * its chunk time, k0 the mount's chunk for the
// run's offset), so titles change on every door within one chunk. A file skipped on a mount is
// silence there for the file's length; media time runs on across files. Nothing is decoded.
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
      if (!m.framing) continue;
      const k = Math.floor(offsetUs / m.framing.chunkTimeUs + 1e-9);
      m.next = Math.min(m.framing.chunksTotal, k);
    }
  }

  /**
   * The chunks start to flow again at `startUs` (a file starts, play after pause, after a seek):
   * each mount's next chunk is due then, the ones after it by its own chunk time.
   */
  runStart(startUs: number): void {
    for (const m of this.mounts) if (m.framing) m.run = { startUs, k0: m.next };
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
      const chunk = { data, ptsUs: m.ptsUs, durationUs: f.chunkTimeUs, dueUs, silence: f.silent };
      m.ptsUs += f.chunkTimeUs;
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
