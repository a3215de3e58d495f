// paraslash's UDP sender: FEC-encoded streams actively sent to a list of unicast or multicast
// targets (docs/paraslash/senders.md §4), with `sender udp add|delete|on|off|status|help`.
import { performance } from 'node:perf_hooks';
import { ParaError } from '../../errors.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../types.js';
import type { LinkStream, SenderLog } from './link.js';
import { QUIET, TargetLink } from './link.js';
import type { UdpTarget } from './target.js';
import { formatTarget, parseTarget, sameEndpoint } from './target.js';
import { switchOnOff } from '../switch.js';

export interface UdpSenderOptions {
  /** --udp-target, host[:port][/mps:k:n] each */
  targets: readonly string[];
  /** --udp-default-port */
  defaultPort: number;
  /** --udp-no-autostart: the app does not call start() at boot (see autostart) */
  noAutostart?: boolean;
  /** --udp-header-interval, ms */
  headerIntervalMs: number;
  /** --udp-ttl, for multicast targets */
  ttl: number;
  /** --udp-mcast-iface */
  mcastIface: string | undefined;
  log?: SenderLog;
  /** milliseconds on a monotonic clock; tests may pass their own */
  now?: () => number;
}

const HELP = `usage: {on|off}
usage: {add|delete} host[:port][/packet_size:k:n]
examples: add 224.0.1.38:1500 (IPv4 multicast)
          add 224.0.1.38:8000/1200:11:15 (explicit FEC)
          add 10.10.1.42 (using default port)
          add [FF05::42]:1500 (IPv6 multicast)
          add [::1] (IPv6 localhost/default port)
          delete myhost.net (host with port 8000)
          delete [badc0de::1] (IPv6 with port 8000)
`;

const ENDS_FILE: ReadonlySet<StreamBreak> = new Set(['eof', 'next', 'stop']);

export class UdpSender implements Sender {
  readonly name = 'udp';
  readonly subcommands = { add: 1, delete: 1, on: 0, off: 0 } as const;
  /** start() at boot unless --udp-no-autostart */
  readonly autostart: boolean;
  private on = false;
  private links: TargetLink[] = [];
  private stream: LinkStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly log: SenderLog;

  /** Throws E_CONFIG naming every malformed --udp-target. */
  constructor(private readonly opts: UdpSenderOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.autostart = opts.noAutostart !== true;
    this.log = opts.log ?? QUIET;
    const errors: string[] = [];
    for (const arg of opts.targets) {
      const r = parseTarget(arg, opts.defaultPort);
      if (r.ok) this.links.push(this.link(r.target));
      else errors.push(`--udp-target ${arg}: ${r.error}`);
    }
    if (errors.length > 0) throw new ParaError('E_CONFIG', errors.join('; '));
  }

  listenerCount(): number {
    return this.isOn ? this.links.length : 0;
  }

  get isOn(): boolean {
    return this.on;
  }

  /** the targets in list order, as the status shows them */
  get targets(): readonly string[] {
    return this.links.map((l) => l.name);
  }

  /** true while queued slices or EOF packets still wait to be sent */
  get isBusy(): boolean {
    return this.links.some((l) => l.isBusy);
  }

  /** packets handed to the sockets, per target */
  packetsSent(): Record<string, number> {
    return Object.fromEntries(this.links.map((l) => [l.name, l.packetsSent]));
  }

  private link(target: UdpTarget): TargetLink {
    const { ttl, mcastIface, headerIntervalMs } = this.opts;
    return new TargetLink(target, { ttl, mcastIface, headerIntervalMs, log: this.log });
  }

  fileStart(file: StreamFile): void {
    this.guard(() => {
      const now = this.now();
      // a file that starts without a break first still ends the previous one for the receivers
      for (const l of this.links) {
        l.endStream(now, true);
        l.newFile();
      }
      this.stream = { header: file.header, chunkTimeMs: file.chunkTimeUs / 1000 };
    });
  }

  chunk(chunk: StreamChunk): void {
    if (!this.on || !this.stream) return;
    const stream = this.stream;
    this.guard(() => {
      const now = this.now();
      for (const l of this.links) if (l.isOpen) l.chunk(chunk.index, chunk.data, stream, now);
    });
  }

  streamBreak(reason: StreamBreak): void {
    this.guard(() => {
      const now = this.now();
      for (const l of this.links) l.endStream(now, ENDS_FILE.has(reason));
    });
  }

  help(): string {
    return HELP;
  }

  status(): string {
    const targets = this.links.map((l) => `${l.name} `).join('');
    return `status: ${this.on ? 'on' : 'off'}\nport: ${this.opts.defaultPort}\ntargets: ${targets || '(none)'}\n`;
  }

  async command(sub: string, args: readonly string[]): Promise<string | undefined> {
    const switched = await switchOnOff(this, sub);
    if (switched !== undefined) return switched;
    switch (sub) {
      case 'add':
      case 'delete': {
        const r = parseTarget(args[0] ?? '', this.opts.defaultPort);
        if (!r.ok) return undefined;
        if (sub === 'add') await this.add(r.target);
        else await this.remove(r.target);
        return '';
      }
      default:
        return undefined;
    }
  }

  private async add(target: UdpTarget): Promise<void> {
    const l = this.link(target);
    this.links.push(l);
    this.log.info({ target: l.name }, 'udp target added');
    if (this.on) {
      await l.open();
      this.schedule();
    }
  }

  private async remove(target: UdpTarget): Promise<void> {
    const gone = this.links.filter((l) => sameEndpoint(l.target, target));
    if (gone.length === 0) {
      this.log.warn({ target: formatTarget(target) }, 'no such udp target');
      return;
    }
    this.links = this.links.filter((l) => !gone.includes(l));
    this.log.info({ targets: gone.map((l) => l.name) }, 'udp target deleted');
    await Promise.all(gone.map((l) => l.close()));
    this.schedule();
  }

  async start(): Promise<void> {
    if (this.on) return;
    this.on = true;
    await Promise.all(this.links.map((l) => l.open()));
    // a stream picked up in the middle of a file starts with a group that carries the header
    for (const l of this.links) l.restart();
    this.schedule();
  }

  /** off: every target gets EOF (if it had a stream) and its socket is closed */
  async stop(): Promise<void> {
    this.on = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all(this.links.map((l) => l.close()));
  }

  /** Errors on the stream path are logged, never thrown into the vss. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err: String(err) }, 'udp sender');
    }
    this.schedule();
  }

  /** One timer for all targets, set to the earliest due packet. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.on) return;
    let due = Infinity;
    for (const l of this.links) {
      const d = l.isOpen ? l.nextDue() : undefined;
      if (d !== undefined && d < due) due = d;
    }
    if (due === Infinity) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - this.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.guard(() => {
      const now = this.now();
      for (const l of this.links) l.sendDue(now);
    });
  }
}
