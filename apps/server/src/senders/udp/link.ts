// One UDP target of the sender: its connected socket, the FEC groups of its current stream and
// the queue of slices and EOF packets waiting for their send time.
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import net from 'node:net';
import os from 'node:os';
import type { Logger } from '../../log.js';
import type { FecGroup } from './group.js';
import { effectiveMps, GroupAssembler, sliceTime, slicePacket } from './group.js';
import { FEC_EOF_PACKET } from './packet.js';
import type { UdpTarget } from './target.js';
import { formatTarget, isMulticast } from './target.js';

/** socket errors of one target are logged at most this often */
const ERROR_LOG_INTERVAL_MS = 60_000;

export type SenderLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

const ignore = (): void => undefined;
/** for tools and tests that log nothing */
export const QUIET: SenderLog = { debug: ignore, info: ignore, warn: ignore, error: ignore };

export interface LinkOptions {
  ttl: number;
  /** interface name (eth0) or address for outgoing multicast */
  mcastIface: string | undefined;
  headerIntervalMs: number;
  log: SenderLog;
}

/** What the target streams now: the header and timing of the current file. */
export interface LinkStream {
  header: Uint8Array | undefined;
  chunkTimeMs: number;
}

type QueueItem = { kind: 'group'; group: FecGroup; next: number } | { kind: 'eof'; dueMs: number };

/** The address Node wants for setMulticastInterface, from a name such as eth0 or an address. */
function multicastInterface(iface: string, isIpv6: boolean): string | undefined {
  if (net.isIP(iface)) return iface;
  const addrs = os.networkInterfaces()[iface];
  if (!addrs) return undefined;
  if (isIpv6) return `::%${iface}`;
  return addrs.find((a) => a.family === 'IPv4')?.address;
}

export class TargetLink {
  private socket: dgram.Socket | undefined;
  private opening: Promise<void> | undefined;
  private assembler: GroupAssembler | undefined;
  /** the current file cannot go to this target (a chunk too large for one group) */
  private skipFile = false;
  private queue: QueueItem[] = [];
  /** groups went out since the last EOF packet: the receivers are owed one */
  private owesEof = false;
  /** bumped by close(), so a connect still under way knows it is stale */
  private generation = 0;
  packetsSent = 0;
  sendErrors = 0;

  constructor(
    readonly target: UdpTarget,
    private readonly opts: LinkOptions,
  ) {}

  private lastErrorLogMs = -Infinity;
  private errorsSinceLog = 0;

  get name(): string {
    return formatTarget(this.target);
  }

  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  /** Resolves the host and connects a socket; failures are logged and leave the target idle. */
  open(): Promise<void> {
    this.opening ??= this.connect().catch((err: unknown) => {
      this.opts.log.error({ target: this.name, err: String(err) }, 'udp target unusable');
      this.opening = undefined;
    });
    return this.opening;
  }

  private async connect(): Promise<void> {
    const gen = this.generation;
    const { host, port } = this.target;
    const { address, family } = net.isIP(host)
      ? { address: host, family: net.isIP(host) }
      : await dns.lookup(host);
    const sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    sock.on('error', (err) => this.socketError(err));
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.connect(port, address, () => {
        sock.off('error', reject);
        resolve();
      });
    });
    if (isMulticast(address)) {
      sock.setMulticastTTL(this.opts.ttl);
      const iface = this.opts.mcastIface;
      if (iface) {
        const ifaceAddr = multicastInterface(iface, family === 6);
        if (ifaceAddr) sock.setMulticastInterface(ifaceAddr);
        else this.opts.log.warn({ iface }, 'no such multicast interface; using the default');
      }
    }
    if (gen !== this.generation) {
      sock.close();
      return;
    }
    this.socket = sock;
  }

  /**
   * A target with nobody listening answers every packet with "port unreachable": log the first
   * error, then at most one line a minute with the count, so the log (and the dashboard's recent
   * lines) is not flooded.
   */
  private socketError(err: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLogMs < ERROR_LOG_INTERVAL_MS) {
      this.errorsSinceLog++;
      return;
    }
    const more = this.errorsSinceLog;
    this.opts.log.warn(
      { target: this.name, err: err.message, ...(more > 0 ? { repeated: more } : {}) },
      more > 0 ? `udp socket error (${more} more since the last report)` : 'udp socket error',
    );
    this.lastErrorLogMs = now;
    this.errorsSinceLog = 0;
  }

  /** A new stream (file start, resume, reposition, sender on) starts with the next chunk. */
  restart(): void {
    this.assembler = undefined;
    this.skipFile = false;
  }

  /** A new file: it may be sent again even if the previous one was too large. */
  newFile(): void {
    this.restart();
  }

  chunk(index: number, data: Uint8Array, stream: LinkStream, nowMs: number): void {
    if (this.skipFile) return;
    if (!this.assembler) {
      const r = GroupAssembler.create({
        fec: this.target.fec,
        mps: effectiveMps(this.target.fec.maxSliceBytes, net.isIPv6(this.target.host)),
        header: stream.header,
        chunkTimeMs: stream.chunkTimeMs,
        headerIntervalMs: this.opts.headerIntervalMs,
        // a file that follows without a gap goes on where the previous one's slices end
        sendAfterMs: this.queueEnd(),
      });
      if (!r.ok) return this.skip(r.error);
      this.assembler = r.assembler;
    }
    try {
      this.enqueue(this.assembler.push(index, data, nowMs));
    } catch (err) {
      this.skip(String(err));
    }
  }

  private skip(why: string): void {
    this.skipFile = true;
    this.assembler = undefined;
    this.opts.log.error({ target: this.name, why }, 'FEC target disabled for this file');
  }

  private enqueue(groups: FecGroup[]): void {
    for (const group of groups) this.queue.push({ kind: 'group', group, next: 0 });
    if (groups.length > 0) this.owesEof = true;
  }

  /** The stream stops: its last group goes out, then (at the end of a file) the EOF packet. */
  endStream(nowMs: number, withEof: boolean): void {
    if (this.assembler) this.enqueue(this.assembler.flush(nowMs));
    this.assembler = undefined;
    if (withEof && this.owesEof) {
      this.queue.push({ kind: 'eof', dueMs: this.lastDue() ?? nowMs });
      this.owesEof = false;
    }
  }

  /** when the last queued group has been sent (or the queued EOF), undefined if nothing waits */
  private queueEnd(): number | undefined {
    const last = this.queue.at(-1);
    if (!last) return undefined;
    return last.kind === 'eof' ? last.dueMs : last.group.startMs + last.group.durationMs;
  }

  private lastDue(): number | undefined {
    const last = this.queue.at(-1);
    if (!last) return undefined;
    return last.kind === 'eof' ? last.dueMs : sliceTime(last.group, last.group.n - 1);
  }

  /** When the next packet is due, undefined if nothing waits. */
  nextDue(): number | undefined {
    const first = this.queue[0];
    if (!first) return undefined;
    return first.kind === 'eof' ? first.dueMs : sliceTime(first.group, first.next);
  }

  /** true while slices of the current or a finished stream still wait */
  get isBusy(): boolean {
    return this.queue.length > 0;
  }

  /** Sends every packet that is due by nowMs (slices wait while the socket is still opening). */
  sendDue(nowMs: number): void {
    if (!this.socket) return;
    for (;;) {
      const first = this.queue[0];
      if (!first) return;
      if (first.kind === 'eof') {
        if (first.dueMs > nowMs) return;
        this.send(FEC_EOF_PACKET);
        this.queue.shift();
        continue;
      }
      if (sliceTime(first.group, first.next) > nowMs) return;
      this.send(slicePacket(first.group, first.next));
      if (++first.next >= first.group.n) this.queue.shift();
    }
  }

  private send(packet: Uint8Array): void {
    this.packetsSent++;
    this.socket?.send(packet, (err) => {
      if (!err) return;
      this.sendErrors++;
      // ECONNREFUSED: nobody listens there yet (ICMP port unreachable); the target stays
      const level = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'debug' : 'warn';
      this.opts.log[level]({ target: this.name, err: err.message }, 'udp send failed');
    });
  }

  /** Drops what waits, sends EOF if a stream was running and closes the socket. */
  async close(): Promise<void> {
    const sock = this.socket;
    const hadStream = this.owesEof || this.queue.length > 0;
    this.generation++;
    this.owesEof = false;
    this.queue = [];
    this.assembler = undefined;
    this.socket = undefined;
    this.opening = undefined;
    if (!sock) return;
    if (hadStream) {
      await new Promise<void>((resolve) => sock.send(FEC_EOF_PACKET, () => resolve()));
      this.packetsSent++;
    }
    await new Promise<void>((resolve) => sock.close(() => resolve()));
  }
}
