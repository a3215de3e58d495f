// Test helper: the web API on 127.0.0.1 with a real database, the real command table, three users
// (admin: every bit, reader: AFS_READ + VSS_READ, nobody: none), a status feed the test drives,
// and typed tRPC / socket.io clients that log in as one of them.
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import type { TRPCClient } from '@trpc/client';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { Afs, openRedisBus, startAfsSync } from '../src/afs/index.js';
import { ALL_PERMS, buildCommandTable, PARAWEB_VERSION, PERMS } from '../src/commands/index.js';
import type { CommandTable, Services } from '../src/commands/index.js';
import type { DbKind } from '../src/db/index.js';
import { Station, StationStore, type StationOptions } from '../src/station/index.js';
import type { StatusFeed } from '../src/status/feed.js';
import type { StatusItem, StatusItems } from '../src/status/items.js';
import {
  startApiServer,
  type ApiServer,
  type ApiServerOptions,
} from '../src/transports/http/api-server.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/transports/socket/index.js';
import type { AppRouter } from '../src/transports/trpc/router.js';
import { CSRF_HEADER } from '../src/web-auth/index.js';
import { freshDatabase, type TestDatabase } from './db.js';

export const PASSWORD = 'correct horse battery';
export const USERS = {
  admin: ALL_PERMS,
  reader: PERMS.AFS_READ | PERMS.VSS_READ,
  nobody: 0,
} as const;
export type TestUser = keyof typeof USERS;

/** A StatusFeed whose items the test sets. */
export class TestFeed implements StatusFeed {
  private readonly values = new Map<StatusItem, string>([['status', 'stopped']]);
  private readonly listeners = new Set<() => void>();

  items(): StatusItems {
    return [...this.values];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(name: StatusItem, value: string): void {
    this.values.set(name, value);
    for (const l of this.listeners) l();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

export type Client = TRPCClient<AppRouter>;
export type IoClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApi extends ApiServer {
  port: number;
  url: string;
  tdb: TestDatabase;
  afs: Afs;
  services: Services;
  commands: CommandTable;
  feed: TestFeed;
  /** logs in and returns the Cookie header value */
  login(user: TestUser): Promise<string>;
  /** a tRPC client (HTTP for queries and mutations, websocket for subscriptions) */
  client(auth: { cookie?: string; token?: string }): { trpc: Client; close(): void };
  socket(auth: { cookie?: string; token?: string }): IoClient;
  close(): Promise<void>;
}

export async function startTestApi(
  opts: {
    kind?: DbKind;
    tdb?: TestDatabase;
    extra?: Partial<ApiServerOptions>;
    /** share with the other instances on this Redis and prefix (afs/sync), as app.ts does */
    redis?: { url: string; prefix: string };
    /** the public station's options (the settings before the dashboard's edits) */
    station?: Partial<StationOptions>;
  } = {},
): Promise<TestApi> {
  const tdb = opts.tdb ?? (await freshDatabase(opts.kind ?? 'sqlite'));
  const afs = await Afs.open(tdb.db);
  const feed = new TestFeed();
  const store = new StationStore(tdb.db, {
    name: 'Test radio',
    description: '',
    publicOff: false,
    showListeners: false,
    showNext: false,
    ...opts.station,
  });
  await store.load();
  const station = new Station({ store, afs, feed, senders: () => services.senders });
  await station.start();
  const services: Services = {
    afs,
    server: { version: PARAWEB_VERSION, startedAt: new Date() },
    status: feed,
    station,
  };
  const commands = buildCommandTable();
  const quiet = { info: () => {}, warn: () => {} };
  const peers =
    opts.redis && (await openRedisBus(tdb.db, opts.redis.url, opts.redis.prefix, quiet));
  const sync = peers && startAfsSync(afs, peers, quiet);
  await peers?.ready(5000);
  const users = new Map(Object.entries(USERS).map(([name, perms]) => [name, { name, perms }]));
  const server = await startApiServer({
    host: '127.0.0.1',
    port: 0,
    db: tdb.db,
    commands,
    services,
    users,
    // the tests open many connections from one address; the limit has its own test
    limits: { maxPerAddress: 1000, maxNew: 1000 },
    peers,
    ...opts.extra,
  });
  if (!opts.tdb)
    for (const name of Object.keys(USERS)) await server.api.auth.setPassword(name, PASSWORD);
  const url = `http://127.0.0.1:${server.port}`;
  const sockets: IoClient[] = [];
  return {
    ...server,
    url,
    tdb,
    afs,
    services,
    commands,
    feed,
    async login(user) {
      const res = await fetch(`${url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ user, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
      const cookie = /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      if (!cookie) throw new Error('no session cookie');
      return cookie;
    },
    client(auth) {
      const headers = (): Record<string, string> => ({
        [CSRF_HEADER]: '1',
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      });
      // Node 20 has no global WebSocket: pass ws, with the cookie on the upgrade request
      class CookieWebSocket extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: auth.cookie ? { cookie: auth.cookie } : {} });
        }
      }
      const ws = createWSClient({
        url: `ws://127.0.0.1:${server.port}/trpc`,
        WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
        connectionParams: auth.token ? { token: auth.token } : null,
        lazy: { enabled: true, closeMs: 0 },
        retryDelayMs: () => 200,
      });
      const trpc = createTRPCClient<AppRouter>({
        links: [
          splitLink({
            condition: (op) => op.type === 'subscription',
            true: wsLink({ client: ws }),
            false: httpBatchLink({ url: `${url}/trpc`, headers }),
          }),
        ],
      });
      return { trpc, close: () => void ws.close() };
    },
    socket(auth) {
      const s: IoClient = ioClient(url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
        auth: auth.token ? { token: auth.token } : {},
      });
      sockets.push(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await server.close();
      station.stop();
      sync?.close();
      peers?.close();
      await afs.close();
      if (!opts.tdb) await tdb.drop();
    },
  };
}

/** resolves with the first value `events` yields that `pick` accepts (rejects after `ms`) */
export function waitForEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  pick: (value: T) => boolean = () => true,
  ms = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const stop = subscribe((v) => {
      if (!pick(v)) return;
      clearTimeout(timer);
      stop();
      resolve(v);
    });
  });
}
