// The listeners' request door (issue #20) on the API port, without login: whether requests are
// open (and the rules), search the requestable files (title, artist, album, duration, cover, id:
// never a path), a requestable file's cover, take a one-time token, send a request (answered with
// when it should play). Each address is rate-limited; a token is bound to its address, expires,
// and is taken once, so a replayed request is refused and queues nothing. Like the other public
// routes, everything answers 404 while the public station is off.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../commands/index.js';
import { readImageFile } from '../../commands/index.js';
import { ParaError } from '../../errors.js';

export interface RequestDoorOptions {
  /** calls per address and minute, over the three routes */
  perMinute?: number;
  /** how long a token lives */
  tokenTtlMs?: number;
  now?: () => number;
}

const MAX_ADDRESSES = 10_000;
/** the public path of a requestable file's cover */
export const REQUEST_COVER_PATH = '/api/requests/cover/';
const searchQuery = z.object({ q: z.string().max(100).default('') });
const requestBody = z.object({
  fileId: z.number().int().positive(),
  token: z.string().max(200),
  /** the listener's own id (the page keeps it), for the per-listener limit */
  listener: z.string().regex(/^[\w-]{8,64}$/, 'listener: 8 to 64 letters, digits, - or _'),
});

/** a fixed window per address: enough to keep floods off the queue and the search */
class Window {
  private readonly seen = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly max: number,
    private readonly now: () => number,
  ) {}
  allow(ip: string): boolean {
    const t = this.now();
    let w = this.seen.get(ip);
    if (!w || t - w.start >= 60_000) {
      if (this.seen.size >= MAX_ADDRESSES) this.seen.clear();
      w = { start: t, count: 0 };
      this.seen.set(ip, w);
    }
    return ++w.count <= this.max;
  }
}

/** one-time tokens: HMAC over nonce, expiry and address; a used nonce is kept until it expires */
class Tokens {
  private readonly key = crypto.randomBytes(32);
  private readonly used = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}
  private sign(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
  issue(ip: string): string {
    const body = `${crypto.randomBytes(12).toString('base64url')}.${this.now() + this.ttlMs}`;
    return `${body}.${this.sign(`${body}.${ip}`)}`;
  }
  /** undefined: good, and now used; else why not */
  take(token: string, ip: string): string | undefined {
    const [nonce, expiry, sig] = token.split('.');
    if (!nonce || !expiry || !sig) return 'invalid token';
    const expected = this.sign(`${nonce}.${expiry}.${ip}`);
    if (
      sig.length !== expected.length ||
      !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
    )
      return 'invalid token';
    const t = this.now();
    if (Number(expiry) < t) return 'the token has expired; reload the page';
    for (const [n, until] of this.used) if (until < t) this.used.delete(n);
    if (this.used.has(nonce)) return 'this request was sent already';
    this.used.set(nonce, Number(expiry));
    return undefined;
  }
}

function refuse(reply: FastifyReply, code: number, error: string): { error: string } {
  void reply.code(code);
  return { error };
}

export function registerRequestRoutes(
  app: FastifyInstance,
  services: () => Services,
  opts: RequestDoorOptions = {},
): void {
  const now = opts.now ?? Date.now;
  const window = new Window(opts.perMinute ?? 30, now);
  const tokens = new Tokens(opts.tokenTtlMs ?? 10 * 60_000, now);
  const limited = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (window.allow(req.ip)) return false;
    refuse(reply, 429, 'too many requests from your address; wait a minute');
    return true;
  };

  /** the queue, while the public station is on; else a 404 was sent */
  const open = (reply: FastifyReply): Services['requests'] => {
    const s = services();
    const off = s.station !== undefined && !s.station.store.get().publicOn;
    if (s.requests && !off) return s.requests;
    refuse(reply, 404, 'requests are not available');
    return undefined;
  };

  app.get('/api/requests', async (req, reply) => {
    if (limited(req, reply)) return { error: 'too many requests from your address; wait a minute' };
    const queue = open(reply);
    if (!queue) return { error: 'requests are not available' };
    const enabled = await queue.enabled();
    return {
      enabled,
      closed: enabled && (await queue.closed()),
      autoApprove: queue.opts.autoApprove,
      rules: {
        intervalMin: queue.opts.intervalMin,
        repeatMin: queue.opts.repeatMin,
        maxPending: queue.opts.maxPending,
      },
      waiting: queue.waiting().length,
    };
  });

  app.get('/api/requests/search', async (req, reply) => {
    if (limited(req, reply)) return { error: 'too many requests from your address; wait a minute' };
    const queue = open(reply);
    if (!queue) return { error: 'requests are not available' };
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) return refuse(reply, 400, 'q: at most 100 characters');
    return {
      files: (await queue.search(parsed.data.q, 50)).map((f) => ({
        id: f.id,
        title: f.title,
        artist: f.artist,
        album: f.album,
        durationMs: f.durationMs,
        cover: f.imageId > 0 ? `${REQUEST_COVER_PATH}${f.id}` : null,
      })),
    };
  });

  // the cover of a requestable file (by the file's id): never another image of the library
  app.get<{ Params: { id: string } }>('/api/requests/cover/:id', async (req, reply) => {
    if (limited(req, reply)) return { error: 'too many requests from your address; wait a minute' };
    const queue = open(reply);
    if (!queue) return { error: 'requests are not available' };
    await queue.refreshMood(30_000);
    const file = /^[1-9]\d{0,9}$/.test(req.params.id)
      ? services().afs.files.get(Number(req.params.id))
      : undefined;
    const image =
      file && file.imageId > 0 && queue.requestable(file)
        ? await readImageFile(services().afs, file.imageId)
        : undefined;
    if (!image) return refuse(reply, 404, 'no such cover');
    const parts: Uint8Array[] = [];
    for await (const piece of image.pieces) parts.push(piece);
    void reply
      .header('cache-control', 'public, max-age=300')
      .header('etag', image.etag)
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === image.etag) return reply.code(304).send();
    return reply.type(image.mime).send(Buffer.concat(parts));
  });

  app.get('/api/requests/token', (req, reply) => {
    if (limited(req, reply)) return { error: 'too many requests from your address; wait a minute' };
    if (!open(reply)) return { error: 'requests are not available' };
    return { token: tokens.issue(req.ip) };
  });

  app.post('/api/requests', { bodyLimit: 1024 }, async (req, reply) => {
    if (limited(req, reply)) return { error: 'too many requests from your address; wait a minute' };
    const s = services();
    const queue = open(reply);
    if (!queue) return { error: 'requests are not available' };
    const parsed = requestBody.safeParse(req.body);
    if (!parsed.success)
      return refuse(
        reply,
        400,
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const { fileId, token, listener } = parsed.data;
    const bad = tokens.take(token, req.ip);
    if (bad) return refuse(reply, 409, bad);
    try {
      const r = await queue.add(fileId, `listener:${listener}`, req.ip);
      const playsAt = queue.eta(r.id, s.vss?.currentEndsAtMs());
      // playsAt: from the end of the current file and the exact durations of the requests before
      // it (for a pending request: if it is approved now)
      return {
        id: r.id,
        status: r.status,
        playsAt: playsAt ?? null,
        message:
          r.status === 'queued' ? 'your request is queued' : 'your request waits for approval',
      };
    } catch (err) {
      if (err instanceof ParaError && (err.code === 'E_INVALID' || err.code === 'E_NOT_FOUND'))
        return refuse(reply, err.code === 'E_NOT_FOUND' ? 404 : 403, err.message);
      throw err;
    }
  });
}
