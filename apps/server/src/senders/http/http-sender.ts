// The HTTP sender (docs/paraslash/senders.md §3): listeners connect with GET and get the current file from a
// chunk boundary, a burst of recent audio, then real time. Chunks are batched and written once
// per listener per flush, so a thousand listeners cost a few thousand writes a second.
import { HTTP_BURST_MS } from '@paraweb/contracts';
import net from 'node:net';
import { ParaError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { AccessList, parseNetwork } from '../acl.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../types.js';
import { chunkFramer, continuesInto, contentType } from '../web-stream.js';
import { BatchWriter } from './batch-writer.js';
import { ICY_METAINT, IcyWriter, icyBlock } from './icy.js';
import { Listener } from './listener.js';
import { BurstLog, listenId } from './burst-log.js';
import { RecentChunks } from './recent.js';
import { parseHead } from './request.js';
import { switchOnOff } from '../switch.js';

export interface HttpSenderOptions {
  port: number;
  /** addresses to listen on; empty: all */
  listenAddresses?: readonly string[];
  defaultDeny?: boolean;
  /** a.b.c.d/n entries of the access list */
  access?: readonly string[];
  /** <= 0: unlimited */
  maxClients?: number;
  /** bytes that may wait in user space for one listener before it is dropped (512 KiB) */
  maxQueueBytes?: number;
  /** a new web listener gets at least this much recent audio at once (10 s; see BURST_MS) */
  burstMs?: number;
  /** stream time gathered before it is written to the web listeners (500 ms) */
  flushMs?: number;
  log?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

/** paraslash's exact answer, which para_recv's http receiver looks for */
const PARASLASH_OK = 'HTTP/1.0 200 OK\nContent-Type: application/octet-stream\n\n';
/** large enough for 1,000+ listeners connecting at once (Icecast 2.4 has 5) */
const BACKLOG = 1024;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Burst on connect: Chromium 156 starts a live MP3 stream only once it holds about 6.5 s (at
 * 128 kbit/s; 8.5 s at 64 kbit/s) whatever the burst before (measured, docs/streaming.md), so
 * new web listeners get the last 10 s at once, and at least Icecast's 64 KiB.
 */
const BURST_MS = HTTP_BURST_MS;
const BURST_MIN_BYTES = 64 * 1024;
const CORS = 'Access-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: icy-metaint\r\n';

/** Ends a connection; one whose peer does not close within a few seconds is destroyed. */
function endSocket(socket: net.Socket, last?: string): void {
  socket.setTimeout(5000, () => socket.destroy());
  if (last === undefined) socket.end();
  else socket.end(last);
}

const HELP = `usage: {on|off}
usage: {allow|deny} IP[/netmask]
	where mask defaults to 32
example: allow 192.168.0.1/24
`;

export class HttpSender implements Sender {
  readonly name = 'http';
  readonly subcommands = { on: 0, off: 0, allow: 1, deny: 1 } as const;
  private servers: net.Server[] = [];
  private readonly listeners = new Map<number, Listener>();
  private nextId = 1;
  private readonly acl: AccessList;
  private readonly maxQueue: number;
  private readonly flushUs: number;
  private file: StreamFile | undefined;
  /** chunk 0 of the current header-format file has gone out (new listeners need no extra header) */
  private headerSent = false;
  private frame: (c: Uint8Array) => Uint8Array = (c) => c;
  private readonly recent: RecentChunks;
  /** what each web player's connection got at once (status.burst) */
  readonly bursts = new BurstLog();
  private readonly burstUs: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private pendingEntries = 0;
  private pendingUs = 0;
  /** flushes under way, written a turn at a time and strictly in order */
  private readonly writer = new BatchWriter((l, data) => {
    if (!l.write(data, this.maxQueue, this.title, this.titleBlock)) this.overrun(l);
  });
  /** para_recv listeners get every chunk at once, as paraslash sends it */
  private readonly paraslash = new Set<Listener>();
  private title = '';
  private titleBlock = icyBlock('');
  /** listeners dropped because they could not keep up, since start */
  dropped = 0;

  constructor(private readonly opts: HttpSenderOptions) {
    this.acl = new AccessList(opts.defaultDeny ?? false, opts.access ?? []);
    this.maxQueue = opts.maxQueueBytes ?? 512 * 1024;
    this.flushUs = (opts.flushMs ?? 500) * 1000;
    this.burstUs = (opts.burstMs ?? BURST_MS) * 1000;
    this.recent = new RecentChunks(this.burstUs + 2_000_000);
  }

  listenerCount(): number {
    return this.listeners.size;
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

  async start(): Promise<void> {
    if (this.isOn) return;
    const hosts = this.opts.listenAddresses?.length ? this.opts.listenAddresses : [undefined];
    const servers: net.Server[] = [];
    try {
      for (const host of hosts) {
        const server = net.createServer({ noDelay: true }, (s) => this.accept(s));
        server.on('error', (err) => this.opts.log?.error({ err }, 'http sender: listen error'));
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: this.opts.port, host, backlog: BACKLOG }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      }
    } catch (err) {
      for (const s of servers) s.close();
      throw new ParaError(
        'E_IO',
        `http sender: cannot listen on port ${this.opts.port}: ${String(err)}`,
      );
    }
    this.servers = servers;
    this.opts.log?.info({ port: this.port }, 'http sender on');
  }

  async stop(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    for (const l of [...this.listeners.values()]) this.close(l, 'sender off');
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    if (servers.length > 0) this.opts.log?.info('http sender off');
  }

  // ---- the stream ------------------------------------------------------------------------------

  fileStart(file: StreamFile): void {
    this.flush(true);
    const prev = this.file;
    if (prev && !continuesInto(prev, file)) {
      for (const l of [...this.listeners.values()]) {
        if (l.state === 'streaming') this.close(l, `${prev.format} stream ends with its file`);
      }
      this.recent.clear();
    }
    this.file = file;
    this.headerSent = false;
    this.frame = chunkFramer(file);
    this.title = file.title;
    this.titleBlock = icyBlock(file.title);
    for (const l of this.listeners.values()) if (l.state === 'waiting') this.begin(l);
  }

  chunk(c: StreamChunk): void {
    const file = this.file;
    if (!file) return;
    const isHeader = c.index === 0 && file.header !== undefined;
    if (isHeader) this.headerSent = true;
    const data = isHeader ? c.data : this.frame(c.data);
    const us = isHeader ? 0 : file.chunkTimeUs;
    this.recent.push(data, us, file, isHeader);
    for (const l of this.paraslash) {
      if (!l.write(data, this.maxQueue, this.title, this.titleBlock)) this.overrun(l);
    }
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.pendingEntries++;
    this.pendingUs += us;
    if (this.pendingUs >= this.flushUs) this.flush(false);
  }

  streamBreak(reason: StreamBreak): void {
    this.flush(true);
    if (reason === 'stop') {
      for (const l of [...this.listeners.values()]) {
        if (l.state === 'streaming') this.close(l, 'streaming stopped');
      }
      this.file = undefined;
      this.recent.clear();
    } else if (reason === 'eof' || reason === 'next') {
      // paraslash closes its HTTP clients at the end of every file; para_recv expects that
      for (const l of [...this.paraslash]) this.close(l, 'end of file');
    }
  }

  /**
   * Hands what gathered since the last flush to every streaming web listener: one write each.
   * `now` writes everything before returning (before listeners are closed or the file changes);
   * otherwise the writes are spread over event-loop turns.
   */
  private flush(now: boolean): void {
    let buf: Buffer | undefined;
    const listeners: Listener[] = [];
    if (this.pendingEntries > 0) {
      if (this.pendingBytes > 0) buf = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.pendingEntries = 0;
      this.pendingUs = 0;
      for (const l of this.listeners.values()) {
        if (l.state === 'streaming' && !l.paraslash) listeners.push(l);
      }
    }
    this.writer.add(buf, listeners, now);
  }

  // ---- listeners -------------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    const id = this.nextId++;
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const l = new Listener(id, socket, peer);
    socket.on('error', (err) => {
      this.opts.log?.info({ client: id, peer, err: err.message }, 'http client error');
      socket.destroy();
    });
    if (!this.acl.admits(socket.remoteAddress)) {
      l.refusal = { status: '403 Forbidden', reason: 'access denied by the access list' };
    } else {
      const max = this.opts.maxClients ?? -1;
      if (max > 0 && this.listeners.size >= max) {
        l.refusal = { status: '503 Service Unavailable', reason: 'too many listeners' };
      } else {
        this.listeners.set(id, l);
        socket.on('close', () => {
          l.state = 'closing';
          this.listeners.delete(id);
          this.paraslash.delete(l);
          this.opts.log?.debug({ client: id, peer }, 'http client gone');
        });
      }
    }
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => {
      if (l.state === 'request') socket.destroy();
    });
    socket.on('data', (d: Buffer) => this.onData(l, d));
  }

  private onData(l: Listener, d: Buffer): void {
    if (l.state !== 'request') return; // players send nothing more; whatever comes is ignored
    l.head = l.head.length === 0 ? d : Buffer.concat([l.head, d]);
    const req = parseHead(l.head);
    if (req.kind === 'incomplete') return;
    l.head = Buffer.alloc(0);
    l.socket.setTimeout(0);
    const end = (status: string, body: string, paraslash: boolean): void => {
      l.state = 'closing';
      this.listeners.delete(l.id);
      endSocket(
        l.socket,
        paraslash
          ? `HTTP/1.0 ${status}\n`
          : `HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\n${CORS}Connection: close\r\n\r\n${body}\n`,
      );
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
      endSocket(
        l.socket,
        `HTTP/1.0 204 No Content\r\n${CORS}Access-Control-Allow-Headers: Icy-MetaData\r\n\r\n`,
      );
      return;
    }
    if (req.path === '/favicon.ico') return end('404 Not Found', 'no such file', false);
    l.paraslash = req.paraslash;
    l.listenId = listenId(req.path);
    if (req.icy) l.icy = new IcyWriter();
    this.opts.log?.info({ client: l.id, peer: l.peer, icy: req.icy }, 'http client connected');
    l.state = 'waiting';
    if (this.file) this.begin(l);
  }

  /** The response head, then the header and recent chunks, so playback can start at once. */
  private begin(l: Listener): void {
    const file = this.file!;
    l.state = 'streaming';
    const s = l.socket;
    let pieces: Uint8Array[];
    if (l.paraslash) {
      s.write(PARASLASH_OK);
      // no burst, every chunk from now on; the header first when joining mid-file
      pieces = file.header && this.headerSent ? [file.header] : [];
      this.paraslash.add(l);
    } else {
      s.write(
        `HTTP/1.0 200 OK\r\nContent-Type: ${contentType(file)}\r\n` +
          'Cache-Control: no-cache, no-store\r\nPragma: no-cache\r\n' +
          CORS +
          (l.icy ? `icy-name: paraweb\r\nicy-metaint: ${ICY_METAINT}\r\n` : '') +
          'Connection: close\r\n\r\n',
      );
      const burst = this.recent.burst({
        minUs: this.burstUs,
        minBytes: BURST_MIN_BYTES,
        maxBytes: this.maxQueue / 2,
      });
      pieces = burst.pieces;
      if (l.listenId !== undefined) this.bursts.record(l.listenId, burst.us);
    }
    l.skipBytes = l.paraslash ? 0 : this.pendingBytes;
    if (!l.writeAll(pieces, this.maxQueue, this.title, this.titleBlock)) this.overrun(l);
  }

  private overrun(l: Listener): void {
    this.dropped++;
    this.opts.log?.warn(
      { client: l.id, peer: l.peer, queued: l.socket.writableLength },
      'http client dropped: queue overrun',
    );
    this.close(l, 'queue overrun');
  }

  private close(l: Listener, why: string): void {
    l.state = 'closing';
    this.listeners.delete(l.id);
    this.paraslash.delete(l);
    this.opts.log?.debug({ client: l.id, peer: l.peer }, `http client closed: ${why}`);
    if (why === 'queue overrun' || why === 'sender off') l.socket.destroy();
    else endSocket(l.socket);
  }

  // ---- the sender command ----------------------------------------------------------------------

  help(): string {
    return HELP;
  }

  status(): string {
    const max = this.opts.maxClients ?? -1;
    const clients = [...this.listeners.values()].map((l) => l.peer);
    const ports = this.servers.map((s) => {
      const a = s.address();
      return a && typeof a === 'object' ? String(a.port) : '?';
    });
    return (
      `status: ${this.isOn ? 'on' : 'off'}\n` +
      `port: ${ports.length > 0 ? [...new Set(ports)].join(' ') : this.opts.port}\n` +
      `number of connected clients: ${clients.length}\n` +
      `maximal number of clients: ${max > 0 ? max : `${max} (unlimited)`}\n` +
      `connected clients: ${clients.length > 0 ? clients.join(' ') : '(none)'}\n` +
      `${this.acl.describe()}\n`
    );
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
