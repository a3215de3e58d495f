// What every tRPC procedure receives: the services of the web doors and the caller's credentials.
// Kept free of Fastify types so that the web app's type-check of the router stays small.
import type { IncomingHttpHeaders } from 'node:http';
import type { Credentials } from '../../web-auth/index.js';
import type { ApiServices } from '../web/index.js';

export interface Context {
  api: ApiServices;
  credentials: Credentials;
  /** the peer address, for rate limits */
  ip: string;
  /** sets a response cookie; a no-op on websockets, which have no response headers */
  setCookie(value: string): void;
  /** how the call came: alone over HTTP, in an HTTP batch of several calls, or on a websocket */
  carrier: 'single' | 'batch' | 'websocket';
}

/** The parts of an HTTP request or websocket upgrade the context needs. */
export interface ContextSource {
  req: { headers: IncomingHttpHeaders; socket?: { remoteAddress?: string | undefined } };
  res: unknown;
  info: { connectionParams: Record<string, string | undefined> | null; calls?: readonly unknown[] };
}

function hasHeaderMethod(res: unknown): res is { header(name: string, value: string): unknown } {
  return (
    typeof res === 'object' && res !== null && 'header' in res && typeof res.header === 'function'
  );
}

/** Returns the per-request (HTTP) or per-connection (websocket) context factory. */
export function createContextFactory(api: ApiServices): (opts: ContextSource) => Context {
  return ({ req, res, info }) => {
    return {
      api,
      credentials: {
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
        token: info.connectionParams?.token,
      },
      ip: req.socket?.remoteAddress ?? 'unknown',
      // a batch of one is how httpBatchLink sends a lone call
      carrier: !hasHeaderMethod(res)
        ? 'websocket'
        : (info.calls?.length ?? 0) > 1
          ? 'batch'
          : 'single',
      setCookie(value) {
        // only one cookie exists (the session), so the last one set wins
        if (hasHeaderMethod(res)) res.header('set-cookie', value);
      },
    };
  };
}
