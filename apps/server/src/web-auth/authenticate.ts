// Who sent a request: an API token (Authorization: Bearer, or the token a socket sends when it
// connects) or the session cookie. A credential that is present but wrong is a failure (401),
// never a fall back to anonymous.
import { parseCookies, SESSION_COOKIE } from './cookies.js';
import type { AuthFailure, Principal, WebAuth } from './store.js';

export interface Credentials {
  /** the Authorization header */
  authorization?: string | undefined;
  /** the Cookie header */
  cookie?: string | undefined;
  /** a token given out of band (tRPC connectionParams, socket.io handshake auth) */
  token?: string | undefined;
}

export type AuthResult =
  | { kind: 'user'; principal: Principal }
  | { kind: 'failed'; failure: AuthFailure; via: 'session' | 'token' }
  | { kind: 'anonymous' };

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

export function sessionSecret(cookie: string | undefined): string | undefined {
  return parseCookies(cookie).get(SESSION_COOKIE) || undefined;
}

export async function authenticate(auth: WebAuth, c: Credentials): Promise<AuthResult> {
  const token = bearerToken(c.authorization) ?? c.token;
  if (token !== undefined) {
    const r = await auth.token(token);
    return typeof r === 'string'
      ? { kind: 'failed', failure: r, via: 'token' }
      : { kind: 'user', principal: r };
  }
  const secret = sessionSecret(c.cookie);
  if (secret !== undefined) {
    const r = await auth.session(secret);
    return typeof r === 'string'
      ? { kind: 'failed', failure: r, via: 'session' }
      : { kind: 'user', principal: r };
  }
  return { kind: 'anonymous' };
}
