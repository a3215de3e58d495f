// The HTTP sender (docs/paraslash/senders.md §3): listeners connect with GET and get the current file from a
// chunk boundary, a burst of recent audio, then real time. Chunks are batched and written once
// per listener per flush, so a thousand listeners cost a few thousand writes a second.
import net from 'node:net';
import { AccessList, parseNetwork } from '../acl.js';
import { isMountLike, MOUNTS_KNOWN, mountOfPath } from '../mounts/profiles.js';
import type { MountAudio, MountChunk, MountCodec, MountSink } from '../mounts/types.js';
import type { MountListeners, Sender, StreamBreak, StreamChunk, StreamFile } from '../types.js';
import { HELP, PREFLIGHT, endSocket, errorAnswer, statusText } from './answers.js';
import { IcyWriter } from './icy.js';
import { Listener, endOf } from './listener.js';
import { BurstLog, listenId } from './burst-log.js';
import { ConnectionGate, defaultMaxConnections, plainAddress } from './gate.js';
import { LagWatch } from './lag-watch.js';
import { listenAll } from './listen.js';
import type { HttpSenderOptions } from './options.js';
import {
  BURST_MS,
  FLUSH_MS,
  MAX_LAG_S,
  MAX_PER_ADDRESS,
  MAX_QUEUE_BYTES,
  REQUEST_TIMEOUT_MS,
} from './options.js';
import { MountRoom } from './mount-room.js';
import { NativeWrites } from './native-writes.js';
import { NodeOutput } from './listener-output.js';
import { parseHead } from './request.js';
import { RootRoom } from './root-room.js';
import { switchOnOff } from '../switch.js';
import type { HlsHttp } from '../hls/index.js';
import { isHlsRequest } from '../hls/index.js';

export class HttpSender implements Sender, MountSink {
  readonly name = 'http';
  readonly subcommands = { on: 0, off: 0, allow: 1, deny: 1 } as const;
  private servers: net.Server[] = [];
  private readonly listeners = new Map<number, Listener>();
  private nextId = 1;
  private readonly acl: AccessList;
  private readonly gate: ConnectionGate;
  private readonly lag: LagWatch;
  /** moves streaming listeners onto the sockwrite addon (native-writes.ts) */
  private readonly native: NativeWrites;
  /** what each web player's connection got at once (status.burst) */
  readonly bursts = new BurstLog();
  /** `/`: the files as they are */
  private readonly root: RootRoom;
  /** listeners dropped because they could not keep up, since start */
  dropped = 0;
  /** /hls/ (senders/hls): a connection whose first request is for /hls/ is handed over to it */
  hls: HlsHttp | undefined;
  /** not the playout leader (PostgreSQL): the live mounts answer 503 with Retry-After */
  standby = false;
  /** the live mounts served (/live.mp3, ...), by codec */
  readonly mounts = new Map<MountCodec, MountRoom>();

  constructor(private readonly opts: HttpSenderOptions) {
    this.acl = new AccessList(opts.defaultDeny ?? false, opts.access ?? []);
    this.native = new NativeWrites(opts.nativeWrites ?? true, opts.log);
    // how `/` and the live mounts batch, burst, and drop or close a listener
    const rooms = {
      maxQueue: opts.maxQueueBytes ?? MAX_QUEUE_BYTES,
      flushUs: (opts.flushMs ?? FLUSH_MS) * 1000,
      burstUs: (opts.burstMs ?? BURST_MS) * 1000,
      overrun: (l: Listener) => this.overrun(l),
      handOver: (l: Listener) => this.native.handOver(l),
      close: (l: Listener, why: string) => this.close(l, why),
      tap: opts.tap,
    };
    this.root = new RootRoom({
      ...rooms,
      listeners: () => this.listeners.values(),
      bursts: this.bursts,
    });
    this.gate = new ConnectionGate(
      opts.maxConnections ?? defaultMaxConnections(),
      opts.maxConnectionsPerAddress ?? MAX_PER_ADDRESS,
    );
    for (const profile of opts.mounts ?? [])
      this.mounts.set(profile.codec, new MountRoom(profile, rooms));
    const maxLagS = opts.maxLagS ?? MAX_LAG_S;
    this.lag = new LagWatch({
      maxLagS,
      everyMs: opts.lagCheckMs ?? Math.min(5000, (maxLagS * 1000) / 3),
      port: () => this.port,
      bytesPerSecond: (l) =>
        l.mount ? (this.mounts.get(l.mount)?.bytesPerSecond ?? 0) : this.root.bytesPerSecond,
      listeners: () => this.listeners.values(),
      socketQueued: (socket) => this.native.kernelQueuedOf(socket),
      drop: (l, why) => this.overrun(l, why),
    });
  }

  /** Looks for listeners too far behind now (tests; otherwise every few seconds). */
  checkLag(): Promise<void> {
    return this.lag.check();
  }

  /** lag checks that read /proc/net/tcp (tests: none while the addon can ask the kernel) */
  get lagProcReads(): number {
    return this.lag.procReads;
  }

  listenerCount(): number {
    return this.listeners.size + (this.hls?.listenerCount() ?? 0);
  }

  mountListeners(): MountListeners[] {
    return [...this.mounts.values()].map((m) => ({ path: m.path, listeners: m.listeners.size }));
  }

  get isOn(): boolean {
    return this.servers.length > 0;
  }

  /** the bound port (the first address's), e.g. after listening on port 0 */
  get port(): number {
    const a = this.servers[0]?.address();
    return a && typeof a === 'object' ? a.port : this.opts.port;
  }

  burstMs(listenId: string): number | undefined {
    return this.bursts.burstMs(listenId);
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  /** listeners written by the sockwrite addon now (the others: net.Socket) */
  get nativeCount(): number {
    let n = 0;
    for (const l of this.listeners.values()) if (!(l.out instanceof NodeOutput)) n++;
    return n;
  }

  async start(): Promise<void> {
    if (this.isOn) return;
    const servers = await listenAll(this.opts, (s) => this.accept(s));
    this.servers = servers;
    void this.native.addon; // loads it, or logs once why listeners stay on net.Socket
    this.lag.start();
    this.opts.log?.info({ port: this.port }, 'http sender on');
  }

  async stop(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    this.lag.stop();
    for (const l of [...this.listeners.values()]) this.close(l, 'sender off');
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    if (servers.length > 0) this.opts.log?.info('http sender off');
  }

  // ---- the stream ------------------------------------------------------------------------------

  fileStart(file: StreamFile): void {
    this.root.fileStart(file);
  }

  chunk(c: StreamChunk): void {
    this.root.chunk(c);
  }

  streamBreak(reason: StreamBreak): void {
    this.root.streamBreak(reason);
  }

  // ---- the live mounts (MountSink) -------------------------------------------------------------

  mountFileStart(
    codec: MountCodec,
    file: StreamFile,
    audio: MountAudio | undefined,
    skipped?: string,
  ): void {
    this.mounts.get(codec)?.fileStart(file, audio, skipped);
  }

  mountChunk(codec: MountCodec, chunk: MountChunk): void {
    this.mounts.get(codec)?.chunk(chunk);
  }

  mountBreak(codec: MountCodec, reason: StreamBreak): void {
    this.mounts.get(codec)?.streamBreak(reason);
  }

  // ---- listeners -------------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    const address = plainAddress(socket.remoteAddress);
    const peer = `${address}:${socket.remotePort ?? '?'}`;
    socket.on('error', (err) => {
      this.opts.log?.info({ peer, err: err.message }, 'http client error');
      socket.destroy();
    });
    const gate = this.gate.enter(address);
    if (gate !== 'ok') {
      this.opts.log?.debug(
        { peer },
        `http client refused: too many connections${gate === 'address' ? ' from its address' : ''}`,
      );
      socket.destroy();
      return;
    }
    if (!this.acl.admits(socket.remoteAddress)) {
      // as paraslash: closed at once, no answer (docs/streaming.md)
      this.opts.log?.info({ peer }, 'http client refused: access denied by the access list');
      this.gate.leave(address);
      socket.destroy();
      return;
    }
    const l = new Listener(this.nextId++, socket, address, peer, this.onGone);
    const max = this.opts.maxClients ?? -1;
    if (max > 0 && this.listeners.size >= max) {
      l.refusal = { status: '503 Service Unavailable', reason: 'too many listeners' };
    } else this.listeners.set(l.id, l);
    // a 'close' handler (NodeOutput) and a timer per connection until it streams (docs/streaming.md)
    // a total deadline: a client sending a byte now and then does not keep the slot
    l.requestTimer = setTimeout(() => {
      if (l.state === 'request') socket.destroy();
    }, this.opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
    socket.on('data', (d: Buffer) => this.onData(l, socket, d));
  }

  /** bound once: Listener calls it with itself when its connection has closed */
  private readonly onGone = (l: Listener): void => this.gone(l);

  private gone(l: Listener): void {
    this.gate.leave(l.address);
    clearTimeout(l.requestTimer);
    l.state = 'closing';
    this.root.leave(l);
    if (l.mount) this.mounts.get(l.mount)?.leave(l);
    if (l.session !== undefined) this.opts.tap?.closed(l.session, l.end ?? 'client');
    l.session = undefined;
    if (this.listeners.get(l.id) === l) {
      this.listeners.delete(l.id);
      this.opts.log?.debug({ client: l.id, peer: l.peer }, 'http client gone');
    }
  }

  /** the request on its way; `socket` is still the listener's output (NodeOutput) */
  private onData(l: Listener, socket: net.Socket, d: Buffer): void {
    if (l.state !== 'request') return; // players send nothing more; whatever comes is ignored
    l.head = l.head === undefined ? d : Buffer.concat([l.head, d]);
    if (this.hls && isHlsRequest(l.head)) return this.handOver(l, socket, this.hls);
    const req = parseHead(l.head);
    if (req.kind === 'incomplete') return;
    l.head = undefined;
    clearTimeout(l.requestTimer);
    l.requestTimer = undefined; // a cleared timer held for the listener's life is ~200 bytes each
    const end = (status: string, body: string, paraslash: boolean, extra?: string): void => {
      l.state = 'closing';
      this.listeners.delete(l.id);
      endSocket(socket, errorAnswer(status, body, paraslash, extra));
    };
    if (l.refusal) {
      this.opts.log?.info(
        { client: l.id, peer: l.peer },
        `http client refused: ${l.refusal.reason}`,
      );
      return end(l.refusal.status, l.refusal.reason, req.kind !== 'options' && req.paraslash);
    }
    if (req.kind === 'bad') return end('400 Bad Request', req.reason, req.paraslash);
    if (req.kind === 'options') {
      l.state = 'closing';
      this.listeners.delete(l.id);
      endSocket(socket, PREFLIGHT);
      return;
    }
    if (req.path === '/favicon.ico') return end('404 Not Found', 'no such file', false);
    const codec = mountOfPath(req.path);
    const room = codec && this.mounts.get(codec);
    if (codec && !room) {
      const off = codec === 'mp3' ? 'off (--http-no-live-mp3)' : `off (see --http-live-${codec})`;
      return end('404 Not Found', `the live mount /live.${codec} is ${off}`, false);
    }
    // another node streams (docs/hls.md, "HLS across a failover"): a proxy in front asks it
    if (room && this.standby)
      return end(
        '503 Service Unavailable',
        'not the playout leader: this node stands by',
        false,
        'Retry-After: 1\r\n',
      );
    // any other path plays / (paraslash ignores the path), but a mistyped mount is no stream of /
    if (!codec && isMountLike(req.path))
      return end(
        '404 Not Found',
        `no live mount ${req.path.split('?')[0]}: ${MOUNTS_KNOWN}`,
        false,
      );
    l.paraslash = req.paraslash;
    l.listenId = listenId(req.path);
    l.setUserAgent(req.userAgent);
    if (req.icy) l.icy = new IcyWriter();
    this.opts.log?.info({ client: l.id, peer: l.peer, icy: req.icy }, 'http client connected');
    if (room) {
      l.mount = room.profile.codec;
      return room.join(l);
    }
    this.root.join(l);
  }

  /**
   * An HLS player's connection is no stream listener: HLS answers it from now on, on the sockwrite
   * addon where it is there. Nothing here keeps the Listener (nor the socket) after this.
   */
  private handOver(l: Listener, socket: net.Socket, hls: HlsHttp): void {
    clearTimeout(l.requestTimer);
    l.state = 'closing'; // this sender ignores the connection from now on
    this.listeners.delete(l.id);
    const head = l.head!;
    l.head = undefined;
    if (l.out instanceof NodeOutput) l.out.detach();
    socket.removeAllListeners('data');
    const address = l.address;
    const sw = this.native.addon;
    hls.adopt(socket, address, head, {
      onClose: () => this.gate.leave(address),
      sockwrite: typeof sw === 'string' ? undefined : sw,
    });
  }

  private overrun(l: Listener, why = 'queue overrun'): void {
    this.dropped++;
    this.opts.log?.warn(
      { client: l.id, peer: l.peer, queued: l.out.queued },
      `http client dropped: ${why}`,
    );
    l.end = why === 'queue overrun' ? 'overrun' : 'lag';
    this.close(l, 'queue overrun');
  }

  private close(l: Listener, why: string): void {
    l.end ??= endOf(why);
    l.state = 'closing';
    this.listeners.delete(l.id);
    this.root.leave(l);
    if (l.mount) this.mounts.get(l.mount)?.leave(l);
    this.opts.log?.debug({ client: l.id, peer: l.peer }, `http client closed: ${why}`);
    if (why === 'queue overrun' || why === 'sender off') l.out.destroy();
    else l.out.end();
  }

  // ---- the sender command ----------------------------------------------------------------------

  help(): string {
    return HELP;
  }

  status(): string {
    return statusText({
      on: this.isOn,
      ports: this.servers.map((s) => {
        const a = s.address();
        return a && typeof a === 'object' ? String(a.port) : '?';
      }),
      port: this.opts.port,
      clients: [...this.listeners.values()].map((l) => l.peer),
      maxClients: this.opts.maxClients ?? -1,
      acl: this.acl.describe(),
      mounts: [
        ...[...this.mounts.values()].map((m) => m.statusLine()),
        ...(this.hls ? [hlsLine(this.hls)] : []),
        this.native.statusLine(this.nativeCount),
      ],
    });
  }

  async command(sub: string, args: readonly string[]): Promise<string | undefined> {
    const switched = await switchOnOff(this, sub);
    if (switched !== undefined) return switched;
    switch (sub) {
      case 'allow':
      case 'deny': {
        const net = parseNetwork(args[0] ?? '');
        if (!net) return undefined;
        if (sub === 'allow') this.acl.allow(net);
        else this.acl.deny(net);
        return '';
      }
      default:
        return undefined;
    }
  }
}

/** the HLS line of `sender http status`: players, and the connections they poll on */
function hlsLine(hls: HlsHttp): string {
  const c = hls.connections();
  return `hls listeners: ${hls.listenerCount()}, connections: ${c.open} (${c.native} by sockwrite)`;
}
