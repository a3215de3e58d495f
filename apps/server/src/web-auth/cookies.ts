// The session cookie and the request checks that keep cookies safe to use from the browser:
// HttpOnly + SameSite=Strict, a custom header on every mutation (CSRF) and an Origin allow-list.

export const SESSION_COOKIE = 'paraweb_session';
/** Mutations over HTTP must carry this header; a cross-site form or image cannot set it, and a
 * cross-origin script can only after a CORS preflight that we answer for allowed origins only. */
export { CSRF_HEADER } from '@paraweb/contracts';

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

export function sessionCookie(secret: string, maxAgeMs: number, secure: boolean): string {
  const attrs = [
    `${SESSION_COOKIE}=${secret}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) attrs.push('Secure');
  return attrs.join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/**
 * Which browser origins may use the API with credentials. Without a list: an origin whose host
 * name is the one the request was sent to (the dashboard on another port of the same box).
 */
export function isAllowedOrigin(
  origin: string,
  requestHost: string | undefined,
  allowed: readonly string[] | undefined,
): boolean {
  if (allowed && allowed.length > 0) return allowed.includes(origin);
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    originHost = url.hostname;
  } catch {
    return false;
  }
  if (!requestHost) return false;
  let host: string;
  try {
    host = new URL(`http://${requestHost}`).hostname;
  } catch {
    return false;
  }
  return originHost === host;
}
