// The socket.io door of the dashboards: live status (`vss:status`), database changes
// (`afs:change`) and job progress (`afs:add-progress`, ...) pushed to the users whose permission
// bits allow them, commands with an ack, a per-address connection limit. With a peer channel
// (afs/sync's Redis bus) the status and job progress of the other server processes reach this
// process's browsers too; keeping the tables in step is afs/sync's work, not this door's.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { watchAfsChanges } from '../../afs/index.js';
import { PERMS } from '../../commands/index.js';
import { toParaError, unexpectedCause } from '../../errors.js';
import { authenticate, isAllowedOrigin } from '../../web-auth/index.js';
import type { AuthResult } from '../../web-auth/index.js';
import {
  runWebCommand,
  watchStatus,
  type ApiServices,
  type JobUpdate,
  type StatusObject,
} from '../web/index.js';
import type {
  ClientToServerEvents,
  CommandAck,
  ProgressEventName,
  ServerToClientEvents,
  SocketData,
  SenderSummary,
  SocketErrorCode,
} from './events.js';
import type { ConnectionLimiter } from './limiter.js';

/** processes share events through afs/sync's bus, not socket.io's own server-to-server events */
type NoInterServerEvents = Record<string, never>;
export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  NoInterServerEvents,
  SocketData
>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;

export interface SocketDoorLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SocketDoorOptions {
  api: ApiServices;
  limiter: ConnectionLimiter;
  /** browser origins allowed to connect; default: the host name the request was sent to */
  allowedOrigins?: readonly string[] | undefined;
  /** the other server processes of this installation (afs/sync's Redis bus) */
  peers?: PeerChannel | undefined;
  log: SocketDoorLog;
}

/** What this door needs of the bus between server processes (afs/sync's RedisBus is one). */
export interface PeerChannel {
  publish(topic: string, data: unknown): Promise<void>;
  subscribe(topic: string, handler: (data: unknown) => void): () => void;
}

/** the bus topic of what this door sends to the browsers of the other processes */
const PEER_TOPIC = 'socket:emit';
const PeerEmitSchema = z.object({
  room: z.enum(['perm:afs-read', 'perm:vss-read', 'perm:user']),
  event: z.string().regex(/^(vss:status|(afs|vss|server):[a-z]+-progress)$/),
  data: z.unknown(),
});

export interface SocketDoor {
  io: IoServer;
  /** stops the pushes and disconnects every socket (before the HTTP server closes) */
  disconnect(): void;
  /** closes socket.io */
  close(): Promise<void>;
}

/** Rooms by permission: an event goes only to the sockets allowed to see it. */
/** how often every live connection's credential is checked again */
const RECHECK_MS = 30_000;

const ROOMS = { afs: 'perm:afs-read', vss: 'perm:vss-read', server: 'perm:user' } as const;

/** the room of those who may follow a command that needs `perms` */
function roomOfPerms(perms: number): string {
  if (perms & (PERMS.AFS_READ | PERMS.AFS_WRITE)) return ROOMS.afs;
  if (perms & (PERMS.VSS_READ | PERMS.VSS_WRITE)) return ROOMS.vss;
  return ROOMS.server;
}

function roomsFor(perms: number): string[] {
  const rooms: string[] = [ROOMS.server];
  if (perms & PERMS.AFS_READ) rooms.push(ROOMS.afs);
  if (perms & PERMS.VSS_READ) rooms.push(ROOMS.vss);
  return rooms;
}

const CommandRequestSchema = z.object({
  command: z.string().min(1, 'must not be empty').max(100, 'too long'),
  input: z.unknown().optional(),
});
const CancelSchema = z.object({ id: z.string().min(1, 'must not be empty').max(100, 'too long') });

function address(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function authMessage(r: Exclude<AuthResult, { kind: 'user' }>): string {
  if (r.kind === 'anonymous') return 'login required';
  return r.failure === 'expired' ? 'session expired' : `invalid ${r.via}`;
}

function failure(
  code: SocketErrorCode,
  message: string,
): { ok: false; error: { code: SocketErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

/** Attaches socket.io to the API's HTTP server (the upgrade hook in api-server lets it through). */
export function attachSocketDoor(http: HttpServer, opts: SocketDoorOptions): SocketDoor {
  const { api, limiter, allowedOrigins, log } = opts;
  const originOk = (origin: string | undefined, host: string | undefined): boolean =>
    origin === undefined || isAllowedOrigin(origin, host, allowedOrigins);

  const io: IoServer = new Server(http, {
    serveClient: false,
    // allowRequest refuses the handshake from other origins; without a handshake no session id
    // exists, so reflecting the origin here exposes nothing
    cors: { origin: true, credentials: true },
    allowRequest(req, cb) {
      if (!originOk(req.headers.origin, req.headers.host)) return cb('origin not allowed', false);
      const why = limiter.check(address(req));
      if (why !== undefined) {
        limiter.refused++;
        return cb(why, false);
      }
      cb(null, true);
    },
  });
  io.engine.on(
    'connection',
    (raw: { request: IncomingMessage; once(ev: 'close', f: () => void): void }) => {
      raw.once('close', limiter.opened(address(raw.request)));
    },
  );

  io.use((socket, next) => {
    const h = socket.handshake.headers;
    const raw: unknown = socket.handshake.auth.token;
    const token = typeof raw === 'string' ? raw : undefined;
    authenticate(api.auth, { authorization: h.authorization, cookie: h.cookie, token }).then(
      (r) => {
        if (r.kind !== 'user') {
          const err: Error & { data?: unknown } = new Error(authMessage(r));
          err.data = { code: 'UNAUTHORIZED' };
          return next(err);
        }
        socket.data.user = r.principal.user;
        socket.data.perms = r.principal.perms;
        next();
      },
      (err: unknown) => next(new Error(toParaError(err).message)),
    );
  });

  /** to this process's browsers in `room`, and through the peers to the other processes' */
  const toRoom = (room: string, event: string, data: unknown): void => {
    io.to(room).emit(event as keyof ServerToClientEvents, data as never);
    void opts.peers?.publish(PEER_TOPIC, { room, event, data });
  };

  // live status: this process's feed; a process without one shows what its peers sent last
  const feed = api.services.status;
  let lastStatus: StatusObject | undefined;
  const unwatchStatus = feed
    ? watchStatus(feed, (s) => {
        lastStatus = s;
        toRoom(ROOMS.vss, 'vss:status', s);
      })
    : undefined;
  const unwatchPeers = opts.peers?.subscribe(PEER_TOPIC, (raw) => {
    const m = PeerEmitSchema.safeParse(raw);
    if (!m.success) return;
    if (m.data.event === 'vss:status' && !feed) lastStatus = m.data.data as StatusObject;
    io.to(m.data.room).emit(m.data.event as keyof ServerToClientEvents, m.data.data as never);
  });

  // listeners per sender: counts change without a status event, so they are polled (cheap)
  const senderSummary = (): SenderSummary[] =>
    (api.services.senders?.all() ?? []).map((s) => ({
      name: s.name,
      isOn: s.isOn,
      listeners: s.listenerCount(),
      mounts: s.mountListeners?.() ?? [],
    }));
  let lastSenders = '';
  const sendersTimer = setInterval(() => {
    const summary = senderSummary();
    const key = JSON.stringify(summary);
    if (key === lastSenders) return;
    lastSenders = key;
    io.to(ROOMS.vss).emit('senders:status', summary);
  }, 1000);
  sendersTimer.unref();

  // database changes, this process's own and those it applied for its peers (afs/sync)
  const afsWatch = watchAfsChanges(api.services.afs.events, (batch) =>
    io.to(ROOMS.afs).emit('afs:change', batch),
  );

  const onJob = (u: JobUpdate): void => {
    const event = `${u.job.group}:${u.job.command}-progress` as ProgressEventName;
    // the event is named by the command's group; who may see it follows its permission bits
    toRoom(roomOfPerms(u.job.perms), event, u);
  };
  api.jobs.on('update', onJob);

  /** the socket's user, checked again: a logout or a changed user list counts at once */
  async function recheck(socket: IoSocket): Promise<{ name: string; perms: number } | undefined> {
    const h = socket.handshake.headers;
    const raw: unknown = socket.handshake.auth.token;
    const r = await authenticate(api.auth, {
      authorization: h.authorization,
      cookie: h.cookie,
      token: typeof raw === 'string' ? raw : undefined,
    });
    return r.kind === 'user' ? { name: r.principal.user, perms: r.principal.perms } : undefined;
  }

  /**
   * Ends the connections whose credential no longer holds: at once after a logout or revocation
   * in this process, and every RECHECK_MS for changes made elsewhere (para_webuser, a peer
   * process, a user removed from the user list).
   */
  let rechecking = false;
  async function recheckAll(): Promise<void> {
    if (rechecking) return;
    rechecking = true;
    try {
      for (const socket of [...io.sockets.sockets.values()]) {
        if (socket.connected && !(await recheck(socket))) socket.disconnect(true);
      }
    } finally {
      rechecking = false;
    }
  }
  const onRevoked = (): void => {
    recheckAll().catch((err: unknown) => log.warn({ err: String(err) }, 'socket recheck failed'));
  };
  api.auth.events.on('revoked', onRevoked);
  const recheckTimer = setInterval(onRevoked, RECHECK_MS);
  recheckTimer.unref();

  io.on('connection', (socket) => {
    const closed = new AbortController();
    socket.on('disconnect', () => closed.abort());
    void socket.join(roomsFor(socket.data.perms));
    if (socket.data.perms & PERMS.VSS_READ) {
      if (lastStatus) socket.emit('vss:status', lastStatus);
      socket.emit('senders:status', senderSummary());
    }

    socket.on('command', (request: unknown, ack: unknown) => {
      const answer = (a: CommandAck): void => {
        if (typeof ack === 'function') (ack as (a: CommandAck) => void)(a);
      };
      const parsed = CommandRequestSchema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return answer(
          failure(
            'E_SYNTAX',
            `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`,
          ),
        );
      }
      void (async () => {
        const user = await recheck(socket);
        if (!user) {
          answer(failure('UNAUTHORIZED', 'session ended'));
          socket.disconnect(true);
          return;
        }
        try {
          const cmd = api.commands.lookup(parsed.data.command);
          const r = await runWebCommand(api, cmd, user, parsed.data.input, {
            signal: closed.signal,
          });
          answer({ ok: true, output: r.output, text: r.text, failure: r.failure });
        } catch (err) {
          const cause = closed.signal.aborted ? undefined : unexpectedCause(err);
          if (cause !== undefined)
            log.error({ err: cause, command: parsed.data.command }, 'command failed unexpectedly');
          const e = toParaError(err);
          answer(failure(e.code, e.message));
        }
      })().catch((err: unknown) => log.warn({ err: String(err) }, 'socket command failed'));
    });

    socket.on('jobs:cancel', (request: unknown, ack: unknown) => {
      const answer = (a: { ok: true } | ReturnType<typeof failure>): void => {
        if (typeof ack === 'function') (ack as (a: unknown) => void)(a);
      };
      const parsed = CancelSchema.safeParse(request);
      if (!parsed.success) return answer(failure('E_SYNTAX', 'id: a job id is needed'));
      answer(
        api.jobs.cancel(parsed.data.id, socket.data.user)
          ? { ok: true }
          : failure('E_NOT_FOUND', `id: no running job ${parsed.data.id} of yours`),
      );
    });
  });

  const door: SocketDoor = {
    io,
    disconnect() {
      unwatchStatus?.();
      afsWatch.stop();
      unwatchPeers?.();
      clearInterval(sendersTimer);
      clearInterval(recheckTimer);
      api.auth.events.off('revoked', onRevoked);
      api.jobs.off('update', onJob);
      io.local.disconnectSockets(true);
    },
    async close() {
      door.disconnect();
      await new Promise<void>((resolve) => {
        // io.close() also closes the HTTP server; Fastify may have done so already
        void io.close(() => resolve());
      });
    },
  };
  return door;
}
