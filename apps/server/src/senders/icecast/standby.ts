// The standby push (issue #21): while this node does not stream its main mounts (a standby, or a
// leader that is stopped), it holds Icecast's fallback mount (--icecast-standby-target) with the
// silence of a live mount's profile, in real time. Icecast moves the main mount's listeners there
// when the leader's source goes (fallback-mount) and back when the new leader connects
// (fallback-override), so a failover never disconnects them and their players see one codec,
// rate and channel layout throughout. No decoding: the silent frame is made once
// (mounts/silence.ts). Several standbys may push the same mount: Icecast takes one, the others are
// refused ("in use") and retry every few seconds, so one of them holds it again soon after the
// holder leads.
import { OggOpusMuxer } from '../mounts/ogg-mux.js';
import type { SilentFrame } from '../mounts/silence.js';
import { silentFrame } from '../mounts/silence.js';
import type { MountProfile } from '../mounts/types.js';
import { MOUNT_TYPES } from './content-types.js';
import type { SenderLog, SourceOptions, SourceStream } from './source.js';
import { IcecastSource } from './source.js';
import type { IcecastTarget } from './target.js';
import { parseIcecastTarget, sameMount } from './target.js';

/** the push is paced by this timer; each tick sends the silent frames due by then */
const TICK_MS = 100;
/** the main mounts must stream this long before the standby mount is left, so that Icecast has
 * moved the listeners back (fallback-override) before the fallback's source goes */
export const HANDOFF_MS = 1000;
/** a refused standby (another node holds the mount) tries again at most this far apart */
const STANDBY_MAX_BACKOFF_MS = 2000;

/** --icecast-standby-target: each names a live mount that is on, and a mount of its own; what is
 * wrong goes to `errors` */
export function parseStandbyTargets(
  args: readonly string[],
  main: readonly IcecastTarget[],
  mounts: readonly MountProfile[],
  errors: string[],
): IcecastTarget[] {
  const out: IcecastTarget[] = [];
  for (const arg of args) {
    const r = parseIcecastTarget(arg);
    const name = `--icecast-standby-target ${arg}`;
    if (!r.ok) errors.push(`${name}: ${r.error}`);
    else if (!r.target.from)
      errors.push(`${name}: ?from=live.<codec> must name the live mount whose silence it carries`);
    else if (!mounts.some((m) => m.codec === r.target.from))
      errors.push(`${name}: the live mount /live.${r.target.from} is off`);
    else if ([...main, ...out].some((t) => sameMount(t, r.target)))
      errors.push(`${name}: its mount is already a target`);
    else out.push(r.target);
  }
  return out;
}

interface Pushed {
  source: IcecastSource;
  frame: SilentFrame;
  stream: SourceStream;
  /** Opus: the Ogg stream the packets go into (its head on every connection) */
  mux: OggOpusMuxer | undefined;
  /** silent frames due since the push began (sent, or dropped while not connected) */
  frames: number;
}

export class StandbyPush {
  private readonly pushed: Pushed[];
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(
    targets: readonly IcecastTarget[],
    profiles: readonly MountProfile[],
    source: Omit<SourceOptions, 'log' | 'onUp'>,
    private readonly log: SenderLog,
    /** whether the push is wanted now (checked on every tick) */
    private readonly wanted: () => boolean,
  ) {
    this.pushed = targets.map((target) => {
      // the sender checked that the mount named by ?from= is on
      const profile = profiles.find((p) => p.codec === target.from)!;
      const { bitrate, frequency, channels } = profile;
      return {
        source: new IcecastSource(target, {
          ...source,
          maxBackoffMs: Math.min(source.maxBackoffMs ?? Infinity, STANDBY_MAX_BACKOFF_MS),
          log,
        }),
        frame: silentFrame(profile),
        stream: { contentType: MOUNT_TYPES[profile.codec], bitrate, frequency, channels },
        mux: undefined,
        frames: 0,
      };
    });
  }

  get sources(): readonly IcecastSource[] {
    return this.pushed.map((p) => p.source);
  }

  /** whether the silence goes out now */
  get pushing(): boolean {
    return this.startedAt > 0;
  }

  /** Starts the timer that checks `wanted` (the sender is on). */
  start(): void {
    if (this.timer || this.pushed.length === 0) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  /** Stops the timer and leaves the standby mounts (the sender is off). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.leave('sender off');
  }

  /** Checks at once whether the push is wanted (the lead moved). */
  check(): void {
    if (this.timer) this.tick();
  }

  private tick(): void {
    try {
      if (!this.wanted()) {
        if (this.pushing) void this.leave('this node streams the main mounts');
        return;
      }
      if (!this.pushing) this.begin();
      const elapsedUs = (Date.now() - this.startedAt) * 1000;
      for (const p of this.pushed) this.send(p, elapsedUs);
    } catch (err) {
      this.log.error({ err: String(err) }, 'icecast standby push');
    }
  }

  private begin(): void {
    this.startedAt = Date.now();
    for (const p of this.pushed) {
      p.frames = 0;
      const head = p.stream.contentType === 'audio/ogg' ? this.opusHead(p) : undefined;
      p.source.newFile(p.stream, head);
    }
    this.log.info({ targets: this.pushed.map((p) => p.source.name) }, 'icecast standby push on');
  }

  private opusHead(p: Pushed): Uint8Array {
    p.mux = new OggOpusMuxer(p.stream.channels, 0);
    return p.mux.head;
  }

  /** the silent frames due by `elapsedUs` that have not gone out yet */
  private send(p: Pushed, elapsedUs: number): void {
    const n = Math.floor(elapsedUs / p.frame.durationUs) - p.frames;
    if (n <= 0) return;
    p.frames += n;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const out = p.mux ? p.mux.add(p.frame.data) : p.frame.data;
      if (out) parts.push(out);
    }
    if (parts.length > 0) p.source.write(Buffer.concat(parts), false);
  }

  private async leave(why: string): Promise<void> {
    if (!this.pushing) return;
    this.startedAt = 0;
    this.log.info({ why }, 'icecast standby push off');
    await Promise.all(this.pushed.map((p) => p.source.end(why)));
  }
}
