// The public station's first view, asked for by an inline script while the page's bundles still
// load, so the player knows its stream (and Play can be pressed) as soon as the page hydrates
// instead of one round trip later (bench/hls-listen.bench.mjs: the event stream's first view
// came 40-180 ms after hydration). The event stream still brings every later view.
import { DEFAULT_API_PORT } from '@paraweb/contracts';
import type { PublicNowPlaying } from '@paraweb/server/station';
import { BUILD_API_URL } from './config';

const KEY = '__paraNowPlaying';

export interface EarlyView {
  view: PublicNowPlaying;
  /** Date.now() when it arrived (the timeline and the clock skew start from it) */
  receivedAt: number;
}

/**
 * The inline script: the API URL as lib/api-url.ts resolves it (the web server's setting, the
 * build's, else this host on the API port), then GET /api/nowplaying.
 */
export function earlyNowPlayingScript(
  runtimeApiUrl: string | undefined,
  apiPort: number = DEFAULT_API_PORT,
): string {
  const fixed = JSON.stringify(runtimeApiUrl || BUILD_API_URL || null);
  return (
    `(function(){try{var u=${fixed}||(location.protocol+'//'+location.hostname+':${Math.trunc(apiPort)}');` +
    `window.${KEY}=fetch(u.replace(/\\/+$/,'')+'/api/nowplaying').then(function(r){` +
    `return r.ok?r.json().then(function(v){return {view:v,receivedAt:Date.now()}}):undefined})` +
    `.catch(function(){return undefined})}catch(e){}})()`
  );
}

/** The early view, once per page (undefined: none was asked for, or it failed). */
export function takeEarlyNowPlaying(): Promise<EarlyView | undefined> | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as Record<string, Promise<EarlyView | undefined> | undefined>;
  const early = w[KEY];
  w[KEY] = undefined;
  return early;
}
