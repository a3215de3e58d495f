// Where the browser finds the para_server API: runtime setting, build-time setting, or this host
// on the API port (PARAWEB_API_PORT, else 8080).

import { DEFAULT_API_PORT } from '@paraweb/contracts';
import { BUILD_API_URL } from './config';

/**
 * `runtimeUrl` comes from PARAWEB_API_URL on the web server at request time, so one build
 * serves any appliance; NEXT_PUBLIC_API_URL is the build-time fallback.
 */
export function resolveApiUrl(
  runtimeUrl: string | undefined,
  port: number = DEFAULT_API_PORT,
): string {
  const url =
    runtimeUrl ||
    BUILD_API_URL ||
    (typeof window === 'undefined'
      ? `http://127.0.0.1:${port}` // never fetched: queries run only in the browser
      : `${window.location.protocol}//${window.location.hostname}:${port}`);
  return url.replace(/\/+$/, '');
}
