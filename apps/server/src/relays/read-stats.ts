// One look at a relay's Icecast stats: the listeners of its mount, or why there are none to
// count. Bounded: one timeout for the whole answer, at most MAX_BYTES read; never rejects.
import { mountListeners } from '../senders/icecast/stats.js';
import { basicAuth } from '../senders/icecast/target.js';
import type { RelaySpec } from './spec.js';

/** Icecast's stats of a few mounts are a few KB; more is not what we asked for */
const MAX_BYTES = 1024 * 1024;

export type RelayAnswer = { ok: true; listeners: number } | { ok: false; message: string };

interface JsonSource {
  listenurl?: unknown;
  listeners?: unknown;
}

/** The listeners of `mount` in /status-json.xsl's answer; undefined: the mount is not live. */
export function jsonListeners(text: string, mount: string): number | undefined {
  const raw = JSON.parse(text) as { icestats?: { source?: JsonSource | JsonSource[] } };
  const src = raw.icestats?.source;
  for (const s of src === undefined ? [] : Array.isArray(src) ? src : [src]) {
    if (typeof s.listenurl !== 'string') continue;
    let path: string;
    try {
      path = decodeURIComponent(new URL(s.listenurl).pathname);
    } catch {
      continue;
    }
    if (path === mount) return typeof s.listeners === 'number' ? s.listeners : 0;
  }
  return undefined;
}

async function readCapped(res: Response): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_BYTES) {
      await reader.cancel();
      throw new Error(`answer longer than ${MAX_BYTES} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function readRelay(spec: RelaySpec, timeoutMs: number): Promise<RelayAnswer> {
  const { stats } = spec;
  try {
    const res = await fetch(stats.url, {
      headers: {
        'user-agent': 'paraweb',
        ...(stats.auth ? { authorization: basicAuth(stats.auth) } : {}),
      },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, message: `HTTP ${res.status} from ${stats.url}` };
    }
    const text = await readCapped(res);
    const n =
      stats.format === 'xml' ? mountListeners(text, spec.mount) : jsonListeners(text, spec.mount);
    return n === undefined
      ? { ok: false, message: `mount ${spec.mount} is not live on the relay` }
      : { ok: true, listeners: n };
  } catch (err) {
    const e = err as Error;
    const message =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : e instanceof SyntaxError
          ? `not Icecast's JSON: ${e.message}`
          : ((e.cause as Error | undefined)?.message ?? e.message);
    return { ok: false, message };
  }
}
