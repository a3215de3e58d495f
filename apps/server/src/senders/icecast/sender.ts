// The Icecast sender: pushes the stream as a source to Icecast 2.4 mounts, so Icecast relays can
// carry thousands of listeners, with `sender icecast add|delete|on|off|status|help`.
import { ParaError } from '../../errors.js';
import { OggOpusMuxer } from '../mounts/ogg-mux.js';
import type { MountChunk, MountCodec, MountSink, MountAudio } from '../mounts/types.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../types.js';
import { chunkFramer } from '../web-stream.js';
import { HELP, statusText } from './answers.js';
import { ICECAST_TYPES, MOUNT_TYPES, UNSUPPORTED } from './content-types.js';
import { TitleUpdater } from './metadata.js';
import { isOggFormat, titledOggHeader } from './ogg-title.js';
import type { SenderLog, SourceStream } from './source.js';
import { IcecastSource } from './source.js';
import type { IcecastTarget } from './target.js';
import { formatIcecastTarget, parseCredentials, parseIcecastTarget, sameMount } from './target.js';
import { switchOnOff } from '../switch.js';
import type { IcecastSenderOptions } from './options.js';
import { IcecastStats } from './stats.js';
import { HANDOFF_MS, StandbyPush, parseStandbyTargets } from './standby.js';

/** A live mount as the targets that carry it get it. */
interface MountOut {
  stream: SourceStream;
  title: string | undefined;
  /** /live.opus: one continuous Ogg stream (its head goes out on every new connection) */
  mux: OggOpusMuxer | undefined;
}

const QUIET: SenderLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface Target {
  source: IcecastSource;
  titles: TitleUpdater;
}

export class IcecastSender implements Sender, MountSink {
  readonly name = 'icecast';
  readonly subcommands = { add: 1, delete: 1, on: 0, off: 0 } as const;
  /** start() at boot unless --icecast-no-autostart */
  readonly autostart: boolean;
  private on = false;
  private targets: Target[] = [];
  private file: StreamFile | undefined;
  /** the current file's stream, undefined when its format cannot go to Icecast */
  private stream: SourceStream | undefined;
  /** the header Icecast gets: an Ogg header carries the title in its comments */
  private header: Uint8Array | undefined;
  private frame: (c: Uint8Array) => Uint8Array = (c) => c;
  private readonly log: SenderLog;
  private readonly admin: { user: string; password: string } | undefined;
  private readonly mounts = new Map<MountCodec, MountOut>();
  private readonly stats: IcecastStats | undefined;
  /** --icecast-standby-target: silence to the fallback mount while the main mounts do not stream */
  private readonly standby: StandbyPush;
  /** the playout leader's election: false on a standby; undefined without one (this node leads) */
  private leading: boolean | undefined;

  /** Throws E_CONFIG naming every malformed --icecast-target and a malformed --icecast-admin. */
  constructor(private readonly opts: IcecastSenderOptions) {
    this.autostart = opts.noAutostart !== true;
    this.log = opts.log ?? QUIET;
    const errors: string[] = [];
    if (opts.admin !== undefined) {
      this.admin = parseCredentials(opts.admin);
      if (!this.admin) errors.push('--icecast-admin must be user:password');
    }
    for (const arg of opts.targets) {
      const r = parseIcecastTarget(arg);
      const off = r.ok && r.target.from && !opts.mounts?.some((m) => m.codec === r.target.from);
      if (!r.ok) errors.push(`--icecast-target ${arg}: ${r.error}`);
      else if (off)
        errors.push(`--icecast-target ${arg}: the live mount /live.${r.target.from} is off`);
      else if (this.targets.some((t) => sameMount(t.source.target, r.target)))
        errors.push(`--icecast-target ${formatIcecastTarget(r.target)}: listed twice`);
      else this.targets.push(this.makeTarget(r.target));
    }
    const standby = parseStandbyTargets(
      opts.standbyTargets ?? [],
      this.targets.map((t) => t.source.target),
      opts.mounts ?? [],
      errors,
    );
    if (errors.length > 0) throw new ParaError('E_CONFIG', errors.join('; '));
    this.standby = new StandbyPush(
      standby,
      opts.mounts ?? [],
      {
        name: opts.name ?? 'paraweb',
        description: opts.description,
        public: false,
        maxQueueBytes: opts.maxQueueBytes,
        backoffMs: opts.backoffMs,
        maxBackoffMs: opts.maxBackoffMs,
      },
      this.log,
      () => this.on && !(this.leading !== false && this.mainStreams()),
    );
    if (opts.tap)
      this.stats = new IcecastStats({
        tap: opts.tap,
        targets: () =>
          this.targets.map((t) => ({
            target: t.source.target,
            up: () => t.source.state === 'streaming',
          })),
        admin: () => this.admin,
        log: this.log,
        everyMs: opts.statsEveryMs,
      });
  }

  /** every main target has been accepted for HANDOFF_MS: Icecast moved the listeners back */
  private mainStreams(): boolean {
    const now = Date.now();
    return (
      this.targets.length > 0 &&
      this.targets.every(
        (t) => t.source.state === 'streaming' && now - t.source.since.getTime() >= HANDOFF_MS,
      )
    );
  }

  /**
   * The playout leader's election moved the lead (issue #21). A node that loses it leaves the main
   * mounts at once and pushes the standby mount; one that gains it pushes the main mounts with its
   * stream and leaves the standby mount once they stream.
   */
  lead(leading: boolean): void {
    this.leading = leading;
    if (!leading) for (const t of this.targets) void t.source.end('this node lost the lead');
    this.standby.check();
  }

  /** a standby never connects to the main mounts, even while its stream is still stopping */
  private get mayPush(): boolean {
    return this.on && this.leading !== false;
  }

  private makeTarget(target: IcecastTarget): Target {
    const t: Target = {
      source: new IcecastSource(target, {
        name: this.opts.name ?? 'paraweb',
        description: this.opts.description,
        public: this.opts.public ?? false,
        maxQueueBytes: this.opts.maxQueueBytes,
        backoffMs: this.opts.backoffMs,
        maxBackoffMs: this.opts.maxBackoffMs,
        log: this.log,
        onUp: () => {
          const title = target.from ? this.mounts.get(target.from)?.title : this.file?.title;
          if (title !== undefined && this.titlesFor(target)) t.titles.set(title);
        },
      }),
      titles: new TitleUpdater(
        target,
        () => this.admin ?? target,
        this.log,
        () => t.source.state === 'streaming',
      ),
    };
    return t;
  }

  /** mp3 and aac mounts get titles through the admin interface, Ogg ones in their header */
  private get titlesByAdmin(): boolean {
    return this.stream !== undefined && this.stream.contentType !== 'audio/ogg';
  }

  private titlesFor(target: IcecastTarget): boolean {
    return target.from ? target.from !== 'opus' : this.titlesByAdmin;
  }

  /** the targets that send `/` */
  private get plain(): Target[] {
    return this.targets.filter((t) => !t.source.target.from);
  }

  private mountTargets(codec: MountCodec): Target[] {
    return this.targets.filter((t) => t.source.target.from === codec);
  }

  get isOn(): boolean {
    return this.on;
  }

  /** targets whose source connection is accepted now */
  listenerCount(): number {
    return this.targets.filter((t) => t.source.state === 'streaming').length;
  }

  /** the sources, for tests and the status */
  get sources(): readonly IcecastSource[] {
    return this.targets.map((t) => t.source);
  }

  fileStart(file: StreamFile): void {
    this.guard(() => {
      this.file = file;
      this.frame = chunkFramer(file);
      const type = ICECAST_TYPES[file.format];
      this.stream =
        type === undefined
          ? undefined
          : {
              contentType: type,
              bitrate: file.bitrate,
              frequency: file.frequency,
              channels: file.channels,
            };
      this.header = undefined;
      if (!this.stream) {
        const why = UNSUPPORTED[file.format] ?? 'Icecast cannot carry it';
        if (this.on && this.targets.length > 0)
          this.log.warn({ path: file.path }, `icecast sender skips a ${file.format} file: ${why}`);
        for (const t of this.plain) void t.source.end(`${file.format} file: ${why}`);
        return;
      }
      this.header = file.header;
      if (file.header && isOggFormat(file.format)) {
        try {
          this.header = titledOggHeader(file.header, file.format, file.title);
        } catch (err) {
          this.log.warn({ path: file.path, err: String(err) }, 'icecast: ogg header kept untitled');
        }
      }
      for (const t of this.plain) {
        t.source.newFile(this.stream, this.header);
        if (t.source.state === 'streaming' && this.titlesByAdmin) t.titles.set(file.title);
      }
    });
  }

  chunk(c: StreamChunk): void {
    if (!this.mayPush || !this.file || !this.stream) return;
    this.guard(() => {
      const header = c.index === 0 ? this.header : undefined;
      const data = header ?? this.frame(c.data);
      for (const t of this.plain) t.source.write(data, header !== undefined);
    });
  }

  // ---- the live mounts (targets with ?from=live.<codec>) ------------------------------------------

  mountFileStart(codec: MountCodec, file: StreamFile, audio: MountAudio | undefined): void {
    const profile = this.opts.mounts?.find((m) => m.codec === codec);
    const targets = this.mountTargets(codec);
    if (!profile || targets.length === 0) return;
    this.guard(() => {
      let m = this.mounts.get(codec);
      const fresh = !m || (codec === 'opus' && !m.mux);
      if (!m) {
        const { bitrate, frequency, channels } = profile;
        m = {
          stream: { contentType: MOUNT_TYPES[codec], bitrate, frequency, channels },
          title: undefined,
          mux: undefined,
        };
        this.mounts.set(codec, m);
      }
      m.title = file.title;
      if (fresh) {
        // the Ogg head once per stream: a new file goes on in the same logical stream
        if (codec === 'opus') m.mux = new OggOpusMuxer(profile.channels, audio?.preSkip ?? 0);
        for (const t of targets) t.source.newFile(m.stream, m.mux?.head);
      }
      for (const t of targets) {
        if (t.source.state === 'streaming' && this.titlesFor(t.source.target))
          t.titles.set(file.title);
      }
    });
  }

  mountChunk(codec: MountCodec, chunk: MountChunk): void {
    if (!this.mayPush) return;
    const m = this.mounts.get(codec);
    if (!m) return;
    this.guard(() => {
      const data = m.mux ? m.mux.add(chunk.data) : chunk.data;
      if (data) for (const t of this.mountTargets(codec)) t.source.write(data, false);
    });
  }

  mountBreak(codec: MountCodec, reason: StreamBreak): void {
    const m = this.mounts.get(codec);
    if (!m?.mux) return;
    this.guard(() => {
      const page = m.mux!.flush();
      if (page && this.mayPush)
        for (const t of this.mountTargets(codec)) t.source.write(page, false);
      // after a stop the sources are closed; the next file starts a new Ogg stream
      if (reason === 'stop') m.mux = undefined;
    });
  }

  streamBreak(reason: StreamBreak): void {
    this.guard(() => {
      // Icecast drops a source that sends nothing for a while (source-timeout, 10 s): close it
      if (reason === 'stop' || reason === 'pause') {
        if (reason === 'stop') this.file = undefined;
        const why = reason === 'stop' ? 'streaming stopped' : 'streaming paused';
        for (const t of this.targets) void t.source.end(why);
      }
    });
  }

  help(): string {
    return HELP;
  }

  status(): string {
    return statusText({
      on: this.on,
      file: this.file,
      stream: this.stream,
      titlesByAdmin: this.titlesByAdmin,
      mounts: this.mounts,
      targets: this.targets,
      standby: this.standby.sources,
    });
  }

  async command(sub: string, args: readonly string[]): Promise<string | undefined> {
    const switched = await switchOnOff(this, sub);
    if (switched !== undefined) return switched;
    switch (sub) {
      case 'add':
      case 'delete': {
        const r = parseIcecastTarget(args[0] ?? '');
        if (!r.ok) {
          // delete needs no credentials: icecast://host:port/mount names the target
          const bare = sub === 'delete' ? parseIcecastTarget(withDummyLogin(args[0] ?? '')) : r;
          if (!bare.ok) return undefined;
          await this.remove(bare.target);
          return '';
        }
        if (sub === 'add') this.add(r.target);
        else await this.remove(r.target);
        return '';
      }
      default:
        return undefined;
    }
  }

  private add(target: IcecastTarget): void {
    const name = formatIcecastTarget(target);
    if (this.targets.some((t) => sameMount(t.source.target, target)))
      throw new ParaError('E_EXISTS', `icecast target ${name} is already listed`);
    if (target.from && !this.opts.mounts?.some((m) => m.codec === target.from))
      throw new ParaError('E_INVALID', `the live mount /live.${target.from} is off`);
    const t = this.makeTarget(target);
    const m = target.from && this.mounts.get(target.from);
    if (m) t.source.newFile(m.stream, m.mux?.head);
    else if (this.stream && !target.from) t.source.newFile(this.stream, this.header);
    this.targets.push(t);
    this.log.info({ target: name }, 'icecast target added');
  }

  private async remove(target: IcecastTarget): Promise<void> {
    const gone = this.targets.filter((t) => sameMount(t.source.target, target));
    if (gone.length === 0)
      throw new ParaError('E_NOT_FOUND', `no such icecast target: ${formatIcecastTarget(target)}`);
    this.targets = this.targets.filter((t) => !gone.includes(t));
    this.log.info({ target: formatIcecastTarget(target) }, 'icecast target deleted');
    await Promise.all(gone.map((t) => t.source.end('target deleted')));
  }

  /** on: the sources connect with the next chunk */
  start(): Promise<void> {
    this.on = true;
    this.stats?.start();
    this.standby.start();
    return Promise.resolve();
  }

  /** off: every source connection is closed */
  async stop(): Promise<void> {
    this.on = false;
    this.stats?.stop();
    await Promise.all([
      this.standby.stop(),
      ...this.targets.map((t) => t.source.end('sender off')),
    ]);
  }

  /** Errors on the stream path are logged, never thrown into the vss. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err: String(err) }, 'icecast sender');
    }
  }
}

/** icecast://host:port/mount -> icecast://x:x@host:port/mount, for delete without a login */
function withDummyLogin(arg: string): string {
  return arg.replace(/^([a-z]+:\/\/)(?![^/]*@)/i, '$1x:x@');
}
