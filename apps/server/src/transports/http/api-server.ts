// The HTTP API of the appliance: Fastify with CORS, /health, tRPC under /trpc (HTTP and
// websocket) and socket.io on the same port. Cookie rules (CSRF header, allowed origins) and the
// per-address websocket limit are enforced here, before any procedure runs.
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import websocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { AddressInfo } from 'node:net';
import type { CommandTable, Services } from '../../commands/index.js';
import type { Database } from '../../db/index.js';
import { ParaError, unexpectedCause } from '../../errors.js';
import {
  bearerToken,
  CSRF_HEADER,
  isAllowedOrigin,
  LoginLimiter,
  WebAuth,
  type UserDirectory,
} from '../../web-auth/index.js';
import { attachSocketDoor, ConnectionLimiter, DEFAULT_CONNECTION_LIMITS } from '../socket/index.js';
import type { ConnectionLimits, IoServer, PeerChannel } from '../socket/index.js';
import { createContextFactory } from '../trpc/context.js';
import { JobRegistry, type ApiServices } from '../web/index.js';
import { buildAppRouter, type AppRouter } from '../trpc/router.js';
import { registerAudienceCsvRoute } from './audience-csv.js';
import { registerImageRoute } from './images.js';
import { registerPublicRoutes, type PublicApiOptions } from './public-routes.js';
import { registerObserveRoutes, type ObserveOptions } from './observe.js';
import { registerRequestRoutes } from './requests.js';
import type { UploadOptions } from './upload-rules.js';
import { registerUploads, TUS_HEADERS, UPLOAD_PATH } from './uploads.js';

export type { ApiServices } from '../web/index.js';
export type { AppRouter } from '../trpc/router.js';

export interface ApiServerOptions {
  db: Database;
  commands: CommandTable;
  services: Services;
  /** the user list: who may log in, with which permission bits */
  users: UserDirectory;
  /** The process logger (pino); without it the API logs nothing. */
  logger?: FastifyBaseLogger | undefined;
  /** browser origins allowed to use the API with cookies; default: same host name, any port */
  allowedOrigins?: readonly string[] | undefined;
  /** the other server processes of this installation: their status and job progress reach
   * this process's dashboards (app.ts passes afs/sync's Redis bus) */
  peers?: PeerChannel | undefined;
  limits?: Partial<ConnectionLimits> | undefined;
  sessionTtlMs?: number | undefined;
  secureCookies?: boolean | undefined;
  /** failed logins per address, and per user name, within the window before logins are refused */
  loginLimit?: { max: number; windowMs: number } | undefined;
  /** the public station's routes: event streams at most, requests per minute per address */
  publicApi?: Partial<PublicApiOptions> | undefined;
  /** /metrics, /healthz, /readyz (the audience, issue #17) */
  observe?: ObserveOptions | undefined;
  /** browser uploads (tus, /api/uploads); absent: uploads are off */
  uploads?: UploadOptions | undefined;
}

export interface ApiServer {
  app: FastifyInstance;
  io: IoServer;
  api: ApiServices;
  limiter: ConnectionLimiter;
  /** open /api/nowplaying/events streams */
  openEvents: () => number;
}

/** Uploads (addimg ...) arrive base64-encoded inside JSON. */
const BODY_LIMIT = 24 * 1024 * 1024;
const PURGE_INTERVAL_MS = 3600_000;

function reject(
  reply: { code(n: number): { send(b: unknown): unknown } },
  status: number,
  message: string,
): void {
  const code = status === 429 ? 'TOO_MANY_REQUESTS' : 'FORBIDDEN';
  reply.code(status).send({ error: { message, code, httpStatus: status } });
}

/** Builds the API without listening, so tests can drive it with `app.inject()`. */
export async function buildApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({
    loggerInstance: opts.logger,
    routerOptions: { maxParamLength: 5000 },
    // Long-lived streams and sockets must not keep close() pending.
    forceCloseConnections: true,
    bodyLimit: BODY_LIMIT,
    // Fastify logs every request at info; the dashboard polls several times a second, which
    // would bury what an operator needs (starts, adds, logins, warnings) in the server log.
    // The onResponse hook below logs each request at debug instead (a server error at error).
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', (req, reply, done) => {
    const line = {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: reply.elapsedTime,
    };
    // a client that went away before the answer (a reset) is no server error, whatever status
    // Fastify gives the reply it could not send
    const aborted = req.socket.destroyed && !reply.raw.headersSent;
    if (reply.statusCode >= 500 && !aborted) req.log.error(line, 'web request failed');
    else req.log.debug({ ...line, ...(aborted ? { aborted } : {}) }, 'web request');
    done();
  });
  const limiter = new ConnectionLimiter({ ...DEFAULT_CONNECTION_LIMITS, ...opts.limits });
  const loginLimit = opts.loginLimit ?? { max: 10, windowMs: 60_000 };
  const api: ApiServices = {
    commands: opts.commands,
    services: opts.services,
    users: opts.users,
    auth: new WebAuth(opts.db, opts.users, opts.sessionTtlMs),
    jobs: new JobRegistry(),
    loginFailures: new LoginLimiter(loginLimit.max, loginLimit.windowMs),
    secureCookies: opts.secureCookies ?? false,
    log: app.log,
  };
  const originOk = (req: FastifyRequest): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || isAllowedOrigin(origin, req.headers.host, opts.allowedOrigins);
  };

  // order matters (see docs/api.md): cors, websocket, the upgrade hook, then tRPC
  await app.register(
    cors,
    () => (req: FastifyRequest, cb: (e: Error | null, o: FastifyCorsOptions) => void) => {
      // the public station's API is for any page, and never with cookies; listeners post their
      // requests (transports/http/requests.ts: one-time tokens bound to the address); the uploads
      // (under /api/ too) are the dashboard's, with its session cookie
      if (req.url.startsWith('/api/') && !req.url.startsWith(UPLOAD_PATH))
        return cb(null, {
          origin: '*',
          credentials: false,
          methods: req.url.startsWith('/api/requests') ? ['GET', 'HEAD', 'POST'] : ['GET', 'HEAD'],
        });
      cb(null, {
        origin: originOk(req),
        credentials: true,
        // tus sends PATCH (the bytes), HEAD (the offset to resume from) and DELETE (cancel)
        methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: [
          'content-type',
          'authorization',
          CSRF_HEADER,
          'trpc-accept',
          ...TUS_HEADERS,
        ],
        exposedHeaders: ['location', 'upload-offset', 'upload-length', 'tus-resumable'],
      });
    },
  );
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  app.addHook('onRequest', (req, reply, done) => {
    // socket.io handles its own upgrades; @fastify/websocket would answer them with a 404
    if (req.ws && req.url.startsWith('/socket.io/')) {
      reply.hijack();
      return;
    }
    if (!req.url.startsWith('/trpc')) return done();
    if (!originOk(req)) return reject(reply, 403, `origin ${req.headers.origin} not allowed`);
    if (req.ws) {
      const release = limiter.acquire(req.ip);
      if (!release) return reject(reply, 429, 'too many connections from this address');
      req.raw.socket.once('close', release);
    } else if (
      req.method === 'POST' &&
      bearerToken(req.headers.authorization) === undefined &&
      req.headers[CSRF_HEADER] === undefined
    ) {
      return reject(reply, 403, `mutations need the ${CSRF_HEADER} header`);
    }
    done();
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    useWSS: true,
    trpcOptions: {
      router: buildAppRouter(opts.commands),
      createContext: createContextFactory(api),
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
      onError({ path, error }) {
        // logged once here, with the original stack; the caller gets the usual message
        const cause =
          error.cause instanceof ParaError
            ? unexpectedCause(error.cause)
            : error.code === 'INTERNAL_SERVER_ERROR'
              ? (error.cause ?? error)
              : undefined;
        if (cause !== undefined) app.log.error({ err: cause, path }, 'request failed unexpectedly');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  app.get('/health', () => ({ status: 'ok' }));
  if (opts.observe) registerObserveRoutes(app, opts.observe);
  registerImageRoute(app, () => opts.services.afs, api.auth);
  registerAudienceCsvRoute(app, () => opts.services, api.auth);
  const publicRoutes = await registerPublicRoutes(app, opts.services, opts.publicApi);
  // listeners' requests: public, rate-limited, one-time tokens (transports/http/requests.ts)
  registerRequestRoutes(app, () => opts.services);
  registerUploads(app, api, opts.uploads, originOk);

  const door = attachSocketDoor(app.server, {
    api,
    limiter,
    allowedOrigins: opts.allowedOrigins,
    peers: opts.peers,
    log: app.log,
  });
  const purge = setInterval(() => {
    api.auth.purgeExpired().catch((err: unknown) => app.log.warn({ err }, 'session purge failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();
  app.addHook('preClose', (done) => {
    clearInterval(purge);
    api.jobs.cancelAll();
    door.disconnect();
    done();
  });
  app.addHook('onClose', async () => {
    await door.close();
  });
  return { app, io: door.io, api, limiter, openEvents: publicRoutes.openEvents };
}

/** Builds the API and listens on host:port (port 0 picks a free one). */
export async function startApiServer(
  opts: ApiServerOptions & { host: string; port: number },
): Promise<ApiServer & { port: number; close(): Promise<void> }> {
  const server = await buildApiServer(opts);
  try {
    await server.app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await server.app.close();
    throw err;
  }
  const { port } = server.app.server.address() as AddressInfo;
  return { ...server, port, close: () => server.app.close() };
}
