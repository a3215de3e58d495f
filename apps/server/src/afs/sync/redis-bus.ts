// The message bus between the server processes of one installation: Redis pub/sub on one channel
// named by the installation's prefix (--redis-prefix), each message carrying its sender's id (a
// process ignores its own), a topic and JSON data. Every message is signed (HMAC-SHA256) with the
// installation's key from the database (peer-key.ts) and carries the time it was sent: one not
// signed with it, or older than a minute, is dropped (and the first such is logged).
//
// Redis is an accessory: the server starts without it, and while it is unreachable a publish is
// dropped at once (nothing queues, waits or throws: an unhandled MaxRetriesPerRequestError used to
// end the process). The loss and the return are logged once each; when the link is back, `resume`
// listeners run, because messages sent meanwhile are lost (afs re-reads its tables then).
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';

export type BusState = 'connecting' | 'connected' | 'down' | 'closed';

export interface BusLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/** What the users of the bus need (afs sync, the socket.io door). */
export interface PeerBus {
  readonly state: BusState;
  /** resolves when sent or dropped; never rejects */
  publish(topic: string, data: unknown): Promise<void>;
  /** data of this topic sent by the other processes; returns the unsubscriber */
  subscribe(topic: string, handler: (data: unknown) => void): () => void;
  /** the link is back after a loss (or came up after a start without it); `dropped`: this
   * process published meanwhile, and the peers missed it */
  onResume(listener: (dropped: boolean) => void): () => void;
}

export const DEFAULT_REDIS_PREFIX = 'paraweb';
const RETRY_MAX_MS = 2000;

/** redis://user:secret@host:6379/0 -> redis://host:6379 (for logs and the task list) */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'redis';
  }
}

interface Envelope {
  from: string;
  topic: string;
  /** when it was sent (ms): a recorded message played back later is dropped */
  at: number;
  data: unknown;
}

/** how old a message may be (the nodes' clocks may differ a little) */
const MAX_AGE_MS = 60_000;

const sign = (key: Uint8Array, text: string): string =>
  crypto.createHmac('sha256', key).update(text).digest('base64');

/** `{"m": <envelope as JSON text>, "s": <its HMAC>}` */
export function sealEnvelope(key: Uint8Array, e: Envelope): string {
  const m = JSON.stringify(e);
  return JSON.stringify({ m, s: sign(key, m) });
}

/** the envelope, or why it is not taken */
export function openEnvelope(key: Uint8Array, text: string, now = Date.now()): Envelope | string {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const { m, s } = (typeof outer === 'object' && outer !== null ? outer : {}) as Record<
    string,
    unknown
  >;
  if (typeof m !== 'string' || typeof s !== 'string') return 'not signed';
  const want = Buffer.from(sign(key, m), 'base64');
  const got = Buffer.from(s, 'base64');
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want))
    return "signed with another key (not this database's)";
  let v: unknown;
  try {
    v = JSON.parse(m);
  } catch {
    return 'malformed';
  }
  const { from, topic, at, data } = (typeof v === 'object' && v !== null ? v : {}) as Record<
    string,
    unknown
  >;
  if (typeof from !== 'string' || typeof topic !== 'string' || typeof at !== 'number')
    return 'malformed';
  if (Math.abs(now - at) > MAX_AGE_MS) return `sent ${Math.round((now - at) / 1000)} s ago`;
  return { from, topic, at, data };
}

export class RedisBus implements PeerBus {
  private readonly id = crypto.randomUUID();
  private readonly channel: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new EventEmitter();
  private current: BusState = 'connecting';
  private subscribed = false;
  private since = new Date();
  /** messages dropped since the link went down (the peers missed them) */
  private dropped = 0;
  /** a message not taken (forged, replayed, another installation's) was logged */
  private refusedLogged = false;
  readonly where: string;

  constructor(
    url: string,
    prefix: string,
    private readonly log: BusLog,
    /** the installation's key (peer-key.ts): what it signs is sent and taken */
    private readonly key: Uint8Array,
  ) {
    this.where = redactRedisUrl(url);
    this.channel = `${prefix}:peers`;
    const opts: RedisOptions = {
      // fail at once instead of queueing while the link is down
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // subscribed again on every 'ready' below
      autoResubscribe: false,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), RETRY_MAX_MS),
    };
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const client of [this.pub, this.sub]) {
      // every failed reconnect raises one: the state change below is logged, not each of these
      client.on('error', () => this.update(false));
      client.on('close', () => this.update(false));
      client.on('ready', () => this.update(true));
    }
    this.sub.on('close', () => (this.subscribed = false));
    this.sub.on('ready', () => {
      this.sub.subscribe(this.channel).then(
        () => {
          this.subscribed = true;
          this.update(true);
        },
        () => this.update(false),
      );
    });
    this.sub.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const m = openEnvelope(this.key, text);
      if (typeof m === 'string') return this.refused(m);
      if (m.from !== this.id) this.handlers.emit(`topic:${m.topic}`, m.data);
    });
  }

  private refused(why: string): void {
    if (this.refusedLogged) return;
    this.refusedLogged = true;
    this.log.warn(
      `redis ${this.where} (${this.channel}): a message ignored: ${why}; others like it are ignored without a word`,
    );
  }

  get state(): BusState {
    return this.current;
  }

  /** one line for the task list: where, and whether events are shared */
  describe(): string {
    const at = this.since.toISOString().slice(0, 19).replace('T', ' ');
    switch (this.current) {
      case 'connected':
        return `${this.where} (${this.channel}): connected since ${at}`;
      case 'down':
        return `${this.where} (${this.channel}): unreachable since ${at}, changes not shared`;
      default:
        return `${this.where} (${this.channel}): ${this.current}`;
    }
  }

  private update(maybeUp: boolean): void {
    if (this.current === 'closed') return;
    const up = this.pub.status === 'ready' && this.sub.status === 'ready' && this.subscribed;
    if (up && this.current !== 'connected') {
      const was = this.current;
      this.current = 'connected';
      this.since = new Date();
      if (was === 'down') {
        this.log.info(`redis ${this.where} is back: sharing changes with other processes again`);
        this.handlers.emit('resume', this.dropped > 0);
      } else this.log.info(`redis ${this.where}: sharing changes with other processes`);
    } else if (!up && !maybeUp && this.current !== 'down') {
      this.current = 'down';
      this.since = new Date();
      this.dropped = 0;
      this.log.warn(
        `redis ${this.where} unreachable: this process streams and serves on, but changes are not shared with other processes until it is back`,
      );
    }
  }

  async publish(topic: string, data: unknown): Promise<void> {
    // only the first connection is waited for (para_admin publishes right after its start)
    if (this.current === 'connecting') await this.ready(3000);
    if (this.current !== 'connected') {
      this.dropped++;
      return;
    }
    const text = sealEnvelope(this.key, { from: this.id, topic, at: Date.now(), data });
    await this.pub.publish(this.channel, text).then(
      () => {},
      () => void this.dropped++,
    );
  }

  subscribe(topic: string, handler: (data: unknown) => void): () => void {
    this.handlers.on(`topic:${topic}`, handler);
    return () => this.handlers.off(`topic:${topic}`, handler);
  }

  onResume(listener: (dropped: boolean) => void): () => void {
    this.handlers.on('resume', listener);
    return () => this.handlers.off('resume', listener);
  }

  /** Resolves once connected, or with false after `ms`. */
  async ready(ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (this.current !== 'connected' && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    return this.current === 'connected';
  }

  close(): void {
    this.current = 'closed';
    this.handlers.removeAllListeners();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
