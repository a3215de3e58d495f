// One Icecast source connection (HTTP PUT to a mount, Icecast >= 2.4): connects when the stream
// flows, writes without ever waiting, and after a refusal or a drop retries with a growing delay.
import net from 'node:net';
import type { Logger } from '../../log.js';
import type { IcecastTarget } from './target.js';
import { basicAuth, formatIcecastTarget, hostPort } from './target.js';

export type SenderLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What a source connection announces: a mount has one content type for its whole life. */
export interface SourceStream {
  contentType: string;
  /** kbit/s */
  bitrate: number;
  frequency: number;
  channels: number;
}

export interface SourceOptions {
  /** ice-name, ice-description, ice-public */
  name: string;
  description: string | undefined;
  public: boolean;
  /** bytes that may wait for Icecast before the connection is dropped (512 KiB) */
  maxQueueBytes?: number;
  /** delay before the first retry (500 ms); doubles with every failure in a row */
  backoffMs?: number;
  /** (60 s) */
  maxBackoffMs?: number;
  /** no answer to the request within this time is a failure (10 s) */
  answerTimeoutMs?: number;
  log: SenderLog;
  /** the connection was accepted: the sender sends the title */
  onUp?: () => void;
}

/**
 * idle: no connection (nothing streams, or off); connecting: request sent, no answer yet;
 * streaming: accepted; waiting: the delay after a failure, during which the stream is dropped.
 */
export type SourceState = 'idle' | 'connecting' | 'streaming' | 'waiting';

/** a connection that lasted this long resets the retry delay */
const STABLE_MS = 10_000;
const CLOSE_GRACE_MS = 2000;

/** Icecast's refusals, said plainly */
function describeRefusal(statusLine: string, body: string): string {
  const code = Number(statusLine.split(' ')[1]);
  const text = body.trim().split('\n')[0]?.trim() ?? '';
  const answer = `Icecast answered "${statusLine}"${text ? ` (${text})` : ''}`;
  if (code === 401) return `wrong source user or password: ${answer}`;
  if (code === 403 && /in use/i.test(text))
    return `mount point in use by another source: ${answer}`;
  return answer;
}

export class IcecastSource {
  state: SourceState = 'idle';
  /** audio bytes handed to the accepted connections */
  bytesSent = 0;
  /** accepted connections since start */
  connects = 0;
  /** failures since the last stable connection */
  failures = 0;
  lastError: { message: string; at: Date } | undefined;
  /** when the current state began */
  since = new Date();
  /** when a waiting source may connect again */
  retryAt: Date | undefined;
  private socket: net.Socket | undefined;
  /** the stream the current (or next) connection carries */
  private stream: SourceStream | undefined;
  private header: Uint8Array | undefined;
  /** the current file's header must go out before its next chunk */
  private headerPending = false;
  /** what came before the connection was accepted */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** bumped whenever the connection is given up, so its late events are ignored */
  private gen = 0;
  private timer: NodeJS.Timeout | undefined;
  /** the previous connection, still closing: Icecast frees the mount only once it is gone */
  private closing: Promise<void> | undefined;
  private readonly maxQueue: number;

  constructor(
    readonly target: IcecastTarget,
    private readonly opts: SourceOptions,
  ) {
    this.maxQueue = opts.maxQueueBytes ?? 512 * 1024;
  }

  get name(): string {
    return formatIcecastTarget(this.target);
  }

  /** the content type of the connection under way, if any */
  get contentType(): string | undefined {
    return this.state === 'connecting' || this.state === 'streaming'
      ? this.stream?.contentType
      : undefined;
  }

  /** bytes written but not yet taken by the kernel */
  get queued(): number {
    return this.state === 'streaming' ? (this.socket?.writableLength ?? 0) : this.pendingBytes;
  }

  /**
   * A new file: its header (if any) goes out before its first chunk. A connection of another
   * content type, sample rate or channel count is closed; the next write opens one for `stream`.
   */
  newFile(stream: SourceStream, header: Uint8Array | undefined): void {
    const cur = this.contentType === undefined ? undefined : this.stream;
    if (cur && cur.contentType !== stream.contentType) {
      void this.end(`content type changes from ${cur.contentType} to ${stream.contentType}`);
    } else if (cur && (cur.frequency !== stream.frequency || cur.channels !== stream.channels)) {
      // as the http sender does: players fail when the rate or channels change mid-stream
      void this.end(
        `${stream.frequency} Hz, ${stream.channels} channel(s) follow ${cur.frequency} Hz, ${cur.channels}`,
      );
    }
    this.stream = stream;
    this.header = header;
    this.headerPending = header !== undefined;
  }

  /** One piece of the stream; opens the connection when there is none. Never blocks. */
  write(data: Uint8Array, isHeader: boolean): void {
    if (this.state === 'waiting' || !this.stream) return; // dropped: Icecast is not reachable
    if (this.state === 'idle') this.connect();
    if (this.headerPending) {
      this.headerPending = false;
      if (!isHeader && this.header) this.push(this.header);
    }
    this.push(data);
  }

  private push(data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.state === 'connecting') {
      this.pending.push(data);
      this.pendingBytes += data.length;
      if (this.pendingBytes > this.maxQueue) this.fail(this.gen, 'Icecast does not answer');
      return;
    }
    const s = this.socket;
    if (this.state !== 'streaming' || !s) return;
    s.write(data);
    this.bytesSent += data.length;
    if (s.writableLength > this.maxQueue) {
      this.fail(this.gen, `Icecast cannot keep up: ${s.writableLength} bytes queued`);
    }
  }

  /** Closes the connection (gracefully: what was written still goes out) and forgets a retry. */
  end(why: string): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.gen++;
    const s = this.socket;
    const was = this.state;
    this.socket = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.setState('idle');
    if (!s) return this.closing ?? Promise.resolve();
    if (was === 'streaming')
      this.opts.log.info({ target: this.name }, `icecast source closed: ${why}`);
    const closed = new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      const t = setTimeout(() => s.destroy(), CLOSE_GRACE_MS);
      t.unref();
    });
    if (was === 'streaming') s.end();
    else s.destroy();
    const done = closed.then(() => {
      if (this.closing === done) this.closing = undefined;
    });
    this.closing = done;
    return done;
  }

  private setState(state: SourceState): void {
    this.state = state;
    this.since = new Date();
  }

  private connect(): void {
    const gen = ++this.gen;
    this.setState('connecting');
    this.headerPending = this.header !== undefined;
    const open = (): void => {
      if (this.gen === gen) this.open(gen);
    };
    if (this.closing) void this.closing.then(open);
    else open();
  }

  private requestHead(stream: SourceStream): string {
    const t = this.target;
    const clean = (s: string): string => s.replace(/[\r\n]+/g, ' ');
    const lines = [
      `PUT ${encodeURI(t.mount)} HTTP/1.1`,
      `Host: ${hostPort(t)}`,
      `Authorization: ${basicAuth(t)}`,
      'User-Agent: paraweb',
      `Content-Type: ${stream.contentType}`,
      `ice-name: ${clean(this.opts.name)}`,
      ...(this.opts.description ? [`ice-description: ${clean(this.opts.description)}`] : []),
      `ice-public: ${this.opts.public ? 1 : 0}`,
      `ice-bitrate: ${stream.bitrate}`,
      `ice-audio-info: samplerate=${stream.frequency};channels=${stream.channels};bitrate=${stream.bitrate}`,
    ];
    return `${lines.join('\r\n')}\r\n\r\n`;
  }

  private open(gen: number): void {
    const stream = this.stream;
    if (!stream) return;
    const s = net.connect({ host: this.target.host, port: this.target.port });
    this.socket = s;
    let answer = Buffer.alloc(0);
    let refusal: string | undefined;
    s.setTimeout(this.opts.answerTimeoutMs ?? 10_000, () =>
      this.fail(gen, refusal ?? 'no answer from Icecast'),
    );
    s.on('connect', () => s.write(this.requestHead(stream)));
    s.on('data', (d: Buffer) => {
      if (this.gen !== gen || this.state !== 'connecting') return; // Icecast says nothing later
      answer = Buffer.concat([answer, d]);
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0 || refusal !== undefined) return;
      const statusLine = answer.toString('latin1', 0, answer.indexOf('\r\n'));
      if (/^HTTP\/1\.[01] 100 /.test(statusLine)) {
        answer = answer.subarray(end + 4);
        return;
      }
      if (/^HTTP\/1\.[01] 200 /.test(statusLine)) return this.accepted(gen, s);
      // a refusal: Icecast sends a line of text and closes
      refusal = statusLine;
    });
    s.on('error', (err) =>
      this.fail(gen, `cannot stream to ${hostPort(this.target)}: ${err.message}`),
    );
    s.on('close', () => {
      if (refusal === undefined) {
        this.fail(
          gen,
          this.state === 'streaming' ? 'Icecast closed the source connection' : 'Icecast hung up',
        );
        return;
      }
      const body = answer.subarray(answer.indexOf('\r\n\r\n') + 4).toString('utf8');
      this.fail(gen, describeRefusal(refusal, body));
    });
  }

  private accepted(gen: number, s: net.Socket): void {
    s.setTimeout(0);
    this.setState('streaming');
    this.connects++;
    this.opts.log.info(
      { target: this.name, contentType: this.stream?.contentType },
      'icecast source connected',
    );
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const p of pending) this.push(p);
    const stable = setTimeout(() => {
      if (this.gen === gen) this.failures = 0;
    }, STABLE_MS);
    stable.unref();
    s.once('close', () => clearTimeout(stable));
    this.opts.onUp?.();
  }

  /** Gives the connection up and waits before the next one may open; never throws. */
  private fail(gen: number, message: string): void {
    if (this.gen !== gen) return;
    this.gen++;
    this.socket?.destroy();
    this.socket = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.failures++;
    const repeated = this.lastError?.message === message;
    this.lastError = { message, at: new Date() };
    const base = this.opts.backoffMs ?? 500;
    const delay = Math.min(this.opts.maxBackoffMs ?? 60_000, base * 2 ** (this.failures - 1));
    // the same error over and over is logged once at warning level
    const fields = { target: this.name, retryInMs: delay };
    if (repeated) this.opts.log.debug(fields, `icecast source: ${message}`);
    else this.opts.log.warn(fields, `icecast source: ${message}`);
    this.setState('waiting');
    this.retryAt = new Date(Date.now() + delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // the next chunk connects; nothing does while nothing streams
      if (this.state === 'waiting') this.setState('idle');
    }, delay);
    this.timer.unref();
  }
}
