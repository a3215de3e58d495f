// /hls/ on the HTTP sender's port: the HTTP sender hands over every connection whose first
// request is for /hls/ (after its access list and connection limits), and this answers it and
// the requests that follow on it (keep-alive: players and caches poll every few seconds).
//   /hls/live.m3u8               master playlist (a session id in the variant URIs)
//   /hls/<codec>.m3u8            media playlist (cacheable for half a target duration)
//   /hls/<codec>/<seq>.<ext>     segment (immutable)     /hls/opus/init-<n>.mp4  init segment
import type net from 'node:net';
import type { Sockwrite } from '@paraweb/sockwrite';
import type { ListenerTap } from '../listener-tap.js';
import type { HlsOutput } from './output.js';
import { HlsConnection } from './connection.js';
import { masterPlaylist } from './playlist.js';
import type { HlsRequest } from './request.js';
import { parseRange, parseRequest } from './request.js';
import { HlsSessions, SESSION_COOKIE, newSessionId, validSessionId } from './sessions.js';
import { EXTENSIONS } from './variant.js';

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  m4s: 'audio/mp4',
  mp4: 'audio/mp4',
};
const CORS =
  'Access-Control-Allow-Origin: *\r\n' +
  'Access-Control-Expose-Headers: Content-Length, Content-Range, Accept-Ranges\r\n';
const PREFLIGHT =
  'HTTP/1.1 204 No Content\r\n' +
  CORS +
  'Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n' +
  'Access-Control-Allow-Headers: Range\r\nAccess-Control-Max-Age: 86400\r\n';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** a kept-alive connection with no request and no bytes leaving for this long is closed */
const IDLE_MS = 15_000;
/** a request must be complete this long after its first byte, however it trickles in */
const REQUEST_MS = 10_000;
/** how often the connections are looked at for the two above */
const SWEEP_MS = 1000;
/** a standby's 503: a takeover takes about a second (docs/hls.md) */
const RETRY_AFTER_S = 1;
/** segments from the next one to cut on that are asked for with a 503 (soon), not a 404 */
const SOON_SEGMENTS = 2;
/** requests on one connection whose answers are not yet read: more and the client is reading too slowly */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const NOTHING = Buffer.alloc(0);

interface Answer {
  status: string;
  type: string;
  cache: string;
  body: Uint8Array;
  extra?: string;
}

export interface HlsHttpOptions {
  output: HlsOutput;
  /** more listeners than this (HTTP and HLS together) are refused; <= 0: no limit */
  maxClients?: () => number;
  /** the HTTP sender's own listeners, counted against maxClients */
  otherListeners?: () => number;
  /** told of every answer (tests and benchmarks count what reaches the origin) */
  onServe?: (path: string, status: string) => void;
  now?: () => number;
  /** hears of the HLS sessions (the audience) */
  tap?: ListenerTap | undefined;
}

export class HlsHttp {
  readonly sessions: HlsSessions;
  private readonly now: () => number;
  /** requests answered, by status class (status) */
  served = 0;
  refused = 0;
  private readonly conns = new Set<HlsConnection>();
  private nativeCount = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: HlsHttpOptions) {
    this.now = opts.now ?? Date.now;
    this.sessions = new HlsSessions(2 * opts.output.targetS * 1000, undefined, {
      tap: opts.tap,
      now: this.now,
    });
  }

  listenerCount(): number {
    return this.sessions.count(this.now());
  }

  /**
   * Takes over a connection whose first request (`head`, maybe partial) is for /hls/: onto the
   * sockwrite addon when `sockwrite` is given (no net.Socket per player), else on its net.Socket.
   * `onClose` is called once when it closes.
   */
  adopt(
    socket: net.Socket,
    address: string,
    head: Buffer,
    { onClose, sockwrite }: { onClose?: () => void; sockwrite?: Sockwrite | undefined } = {},
  ): void {
    const c = new HlsConnection(address, this.now(), socket, sockwrite, this.onData, (gone) => {
      this.conns.delete(gone);
      if (gone.native) this.nativeCount--;
      onClose?.();
    });
    this.conns.add(c);
    if (c.native) this.nativeCount++;
    this.sweepSoon();
    this.data(c, head);
  }

  /** kept-alive connections open now, and how many of them the addon writes */
  connections(): { open: number; native: number } {
    return { open: this.conns.size, native: this.nativeCount };
  }

  /** bound once: every connection's bytes come here */
  private readonly onData = (c: HlsConnection, d: Buffer): void => this.data(c, d);

  private data(c: HlsConnection, d: Buffer): void {
    if (c.ending) return;
    c.buf = c.buf.length === 0 ? d : Buffer.concat([c.buf, d]);
    for (;;) {
      const p = parseRequest(c.buf);
      if (p.kind === 'incomplete') {
        // a request must be complete within REQUEST_MS of its first byte (the sweep)
        if (c.buf.length > 0 && c.since === 0) c.since = this.now();
        return;
      }
      c.since = 0;
      c.alive = this.now();
      if (p.kind === 'bad') {
        this.refused++;
        this.send(c, text(p.status, p.reason), true, false);
        return;
      }
      // an empty view would keep the chunk read (its whole buffer) until the next poll
      c.buf = p.length < c.buf.length ? c.buf.subarray(p.length) : NOTHING;
      const keep = p.req.keepAlive && c.queued < MAX_QUEUED_BYTES;
      this.answer(c, p.req, keep);
      if (!keep || c.ending) return;
    }
  }

  /** One timer for every connection, while there are some: idle ones and slow requests close. */
  private sweepSoon(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = this.now();
      for (const c of this.conns) {
        if (c.ending) continue; // its end has a deadline of its own
        if (c.since > 0 ? now - c.since > REQUEST_MS : c.idleFor(now) > IDLE_MS) c.destroy();
      }
      if (this.conns.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  private answer(c: HlsConnection, req: HlsRequest, keep: boolean): void {
    if (req.method === 'OPTIONS') {
      c.write([Buffer.from(`${PREFLIGHT}Content-Length: 0\r\n${connection(keep)}\r\n`, 'latin1')]);
      if (!keep) c.end();
      return;
    }
    const a = this.route(req, c.address);
    const head = req.method === 'HEAD';
    if (a.status.startsWith('200')) {
      const r = parseRange(req.range, a.body.length);
      if (r.kind === 'bad') {
        const e = text('416 Range Not Satisfiable', r.reason);
        e.extra = `Content-Range: bytes */${a.body.length}\r\n`;
        this.send(c, e, !keep, head);
        return;
      }
      if (r.kind === 'part') {
        a.status = '206 Partial Content';
        a.extra = `${a.extra ?? ''}Content-Range: bytes ${r.start}-${r.end}/${a.body.length}\r\n`;
        a.body = a.body.subarray(r.start, r.end + 1);
      }
    }
    this.served++;
    this.opts.onServe?.(req.path, a.status);
    this.send(c, a, !keep, head);
  }

  private route(req: HlsRequest, address: string): Answer {
    const out = this.opts.output;
    // another node streams: a cache in front (nginx's proxy_next_upstream http_503) asks it
    if (out.standby) return retryLater('not the playout leader: this node stands by');
    const path = req.path;
    const sid = req.session ?? cookie(req.cookie);
    if (sid !== undefined && sid !== null && !validSessionId(sid)) {
      return text('400 Bad Request', 'bad session id (s)');
    }
    if (path === '/hls/live.m3u8') {
      const id = sid ?? newSessionId();
      const variants = out.variantInfo(`?s=${id}`);
      if (variants.length === 0) return text('503 Service Unavailable', 'no HLS stream yet');
      const body = Buffer.from(masterPlaylist(variants));
      return {
        status: '200 OK',
        type: TYPES.m3u8!,
        // it names this player's session: not for shared caches
        cache: 'private, no-cache',
        body,
        extra: `Set-Cookie: ${SESSION_COOKIE}=${id}; Path=/hls/; Max-Age=86400; SameSite=Lax\r\n`,
      };
    }
    const m = /^\/hls\/(?:(\w+)\.m3u8|(\w+)\/(\d{1,15})\.(\w+)|opus\/init-(\d{1,15})\.mp4)$/.exec(
      path,
    );
    if (!m) return text('404 Not Found', 'no such HLS resource');
    const [, playlistCodec, segCodec, seqText, ext, initSeq] = m;
    if (initSeq !== undefined) {
      const init = out.get('opus')?.initData(`opus/init-${initSeq}.mp4`);
      if (!init) return text('404 Not Found', 'no such init segment');
      return { status: '200 OK', type: TYPES.mp4!, cache: IMMUTABLE, body: init };
    }
    const v = out.get(playlistCodec ?? segCodec ?? '');
    if (!v && out.takingOver) return retryLater('no HLS segment yet: this node just took the lead');
    if (!v) return text('404 Not Found', 'no such HLS variant');
    // a listener polls its media playlist; segments count too (a player that never reloads)
    const key = sid ?? `${address} ${req.userAgent}`;
    const max = this.opts.maxClients?.() ?? 0;
    const limit = max > 0 ? Math.max(0, max - (this.opts.otherListeners?.() ?? 0)) : Infinity;
    const who = { address, userAgent: req.userAgent };
    if (!this.sessions.touch(key, this.now(), limit, who)) {
      return text('503 Service Unavailable', 'too many listeners');
    }
    if (playlistCodec !== undefined) {
      if (!v.playlist) return text('503 Service Unavailable', 'no HLS segment yet');
      const maxAge = Math.max(1, Math.floor(out.targetS / 2));
      this.sessions.sent(key, v.playlist.length);
      return {
        status: '200 OK',
        type: TYPES.m3u8!,
        cache: `public, max-age=${maxAge}`,
        body: v.playlist,
      };
    }
    if (ext !== EXTENSIONS[v.codec]) return text('404 Not Found', 'no such HLS resource');
    const seq = Number(seqText);
    const seg = v.segment(seq);
    if (!seg) {
      // the next one or two, not cut yet (a new leader's first after a takeover: the player knew
      // its number from the leader before): there in a moment. hls.js retries a 5xx, not a 404.
      const next = v.position.seq;
      if (seq >= next && seq < next + SOON_SEGMENTS)
        return retryLater(`segment ${seqText} is not cut yet`);
      return text('404 Not Found', `segment ${seqText} is not held (too old or not yet cut)`);
    }
    this.sessions.sent(key, seg.data.length);
    if (req.method !== 'HEAD') out.served(v.codec, seg);
    return { status: '200 OK', type: TYPES[ext]!, cache: IMMUTABLE, body: seg.data };
  }

  private send(c: HlsConnection, a: Answer, close: boolean, head: boolean): void {
    if (c.ending) return;
    const lines =
      `HTTP/1.1 ${a.status}\r\nContent-Type: ${a.type}\r\nContent-Length: ${a.body.length}\r\n` +
      `Cache-Control: ${a.cache}\r\nAccept-Ranges: bytes\r\n${CORS}${a.extra ?? ''}` +
      `${connection(!close)}\r\n`;
    const h = Buffer.from(lines, 'latin1');
    // the segment itself is written as it is held (shared by every player), not copied
    c.write(head || a.body.length === 0 ? [h] : [h, a.body]);
    if (close) c.end();
  }
}

function connection(keep: boolean): string {
  return keep ? 'Connection: keep-alive\r\n' : 'Connection: close\r\n';
}

function text(status: string, reason: string): Answer {
  return { status, type: 'text/plain', cache: 'no-store', body: Buffer.from(`${reason}\n`) };
}

/** 503 with Retry-After: another node, or this one in a moment (a takeover) */
function retryLater(reason: string): Answer {
  const a = text('503 Service Unavailable', reason);
  a.extra = `Retry-After: ${RETRY_AFTER_S}\r\n`;
  return a;
}

function cookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === SESSION_COOKIE && v !== undefined) return v;
  }
  return undefined;
}
