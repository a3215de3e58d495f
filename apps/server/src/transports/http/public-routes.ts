// The public station's read-only API: GET /api/nowplaying (JSON, cacheable for 1 s), GET
// /api/nowplaying/events (server-sent events, pushed on every change), GET /api/cover/<id> (only
// the covers the view shows), GET /api/station/artwork and GET /api/stream (the relay a new
// listener should play, issue #21). No login, CORS *, rate limited per
// address; every route answers 404 while the station is off (--public-off or the dashboard).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Services } from '../../commands/index.js';
import { readImageFile } from '../../commands/index.js';
import type { PublicNowPlaying, Station } from '../../station/index.js';
import { parseRange } from './byte-range.js';

export interface PublicApiOptions {
  /** open event streams at most (--public-max-events) */
  maxEvents: number;
  /** requests per minute from one address (--public-rate-limit); 0: no limit */
  rateLimit: number;
  /** a comment line this often keeps proxies from closing an idle event stream */
  heartbeatMs: number;
}

export const DEFAULT_PUBLIC_API: PublicApiOptions = {
  maxEvents: 1000,
  rateLimit: 300,
  heartbeatMs: 15_000,
};

/** a query string longer than this is refused (the routes take no parameters; a cache buster fits) */
const MAX_QUERY = 1024;
/** an event stream whose reader lets this much pile up is closed (it reconnects and catches up) */
const MAX_BACKLOG = 256 * 1024;

type Send = (reply: FastifyReply, status: number, message: string) => FastifyReply;
const fail: Send = (reply, status, message) =>
  reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { message, httpStatus: status } });

const sse = (view: PublicNowPlaying): string =>
  `event: nowplaying\ndata: ${JSON.stringify(view)}\n\n`;

export async function registerPublicRoutes(
  app: FastifyInstance,
  services: Services,
  options: Partial<PublicApiOptions> = {},
): Promise<{ openEvents: () => number }> {
  const opts = { ...DEFAULT_PUBLIC_API, ...options };
  const station = (): Station | undefined =>
    services.station?.store.get().publicOn ? services.station : undefined;
  let open = 0;

  if (opts.rateLimit > 0)
    await app.register(rateLimit, {
      global: false,
      // a client that reset its connection before the route ran has no address any more; the
      // plugin's own key generator throws on that (a 500 in the log for every such reset)
      keyGenerator: (req) => req.ip ?? 'gone',
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        error: {
          message: `too many requests: at most ${ctx.max} a minute from one address`,
          httpStatus: 429,
        },
      }),
    });
  const limited: RouteShorthandOptions =
    opts.rateLimit > 0
      ? { config: { rateLimit: { max: opts.rateLimit, timeWindow: 60_000 } } }
      : {};

  /** the checks every public route makes first; returns the station, or answers and returns undefined */
  const guard = (req: FastifyRequest, reply: FastifyReply): Station | undefined => {
    const q = req.url.indexOf('?');
    if (q >= 0 && req.url.length - q - 1 > MAX_QUERY) {
      fail(reply, 414, `query string too long (at most ${MAX_QUERY} characters)`);
      return undefined;
    }
    const s = station();
    if (!s) fail(reply, 404, 'the public station is off');
    return s;
  };

  app.get('/api/nowplaying', limited, (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    return reply.header('cache-control', 'public, max-age=1').send(s.view());
  });

  app.get('/api/nowplaying/events', limited, (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    if (open >= opts.maxEvents)
      return fail(
        reply.header('retry-after', '30'),
        503,
        `too many event streams open (at most ${opts.maxEvents}); try again later`,
      );
    // a client that reset the connection before this ran takes no place among the streams
    if (req.socket.destroyed) return reply;
    reply.hijack();
    const res = reply.raw;
    open++;
    let closed = false;
    const write = (text: string): void => {
      if (closed) return;
      if (res.writableLength > MAX_BACKLOG) return void res.destroy();
      res.write(text);
    };
    const unsubscribe = s.subscribe((view) => {
      if (!station()) return void res.end();
      write(sse(view));
    });
    const offSettings = s.store.subscribe(() => {
      if (!station()) res.end();
    });
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), opts.heartbeatMs);
    // registered before the first write: a client gone meanwhile still gives its place back
    res.on('close', () => {
      if (closed) return;
      closed = true;
      open--;
      clearInterval(heartbeat);
      unsubscribe();
      offSettings();
    });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'access-control-allow-origin': '*',
      'x-accel-buffering': 'no', // nginx: pass events at once
    });
    write(`retry: 3000\n${sse(s.view())}`);
  });

  // each call is one new listener (issue #21): the least loaded healthy relay, or null (play
  // this server's own mounts); only the public URL, never a relay's stats or its login.
  // ?not=<url>: the relay this listener's player just lost, another one if there is one
  app.get<{ Querystring: { not?: unknown } }>('/api/stream', limited, (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    const not = req.query.not;
    if (not !== undefined && (typeof not !== 'string' || not.length > 2048))
      return fail(reply, 400, 'not: the URL of one relay');
    return reply.header('cache-control', 'no-store').send({ url: s.pickStream(not) });
  });

  const sendImage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number | undefined,
  ): Promise<FastifyReply> => {
    const image = id === undefined ? undefined : await readImageFile(services.afs, id);
    if (!image) return fail(reply, 404, 'no such image');
    // covers and artwork are small: gathered whole, so that byte ranges can be served
    const parts: Uint8Array[] = [];
    for await (const piece of image.pieces) parts.push(piece);
    const data = Buffer.concat(parts);
    const etag = image.etag;
    void reply
      .header('cache-control', 'public, max-age=300')
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const range = parseRange(req.headers.range, data.length);
    if (range.kind === 'bad')
      return fail(reply.header('content-range', `bytes */${data.length}`), 416, range.message);
    if (range.kind === 'range')
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${data.length}`)
        .type(image.mime)
        .send(data.subarray(range.start, range.end + 1));
    return reply.type(image.mime).send(data);
  };

  app.get<{ Params: { id: string } }>('/api/cover/:id', limited, async (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : undefined;
    // only what the view shows: never an arbitrary image of the library
    return sendImage(req, reply, id !== undefined && s.imageAllowed(id) ? id : undefined);
  });

  app.get('/api/station/artwork', limited, async (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    return sendImage(req, reply, s.artworkId());
  });

  return { openEvents: () => open };
}
