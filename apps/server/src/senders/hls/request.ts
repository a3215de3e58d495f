// An HTTP/1.x request to /hls/ (RFC 9112): the request line and the few headers HLS serving
// reads, and byte ranges (RFC 9110 §14). Bad input gets a status and a one-line reason.

/** the request line and headers together; a longer head gets 431 (or 414 for a long target) */
export const MAX_HEAD_BYTES = 8192;
/** a longer request target (path and query) gets 414 */
export const MAX_TARGET_BYTES = 2048;

export interface HlsRequest {
  method: 'GET' | 'HEAD' | 'OPTIONS';
  path: string;
  /** the query's `s` (the session id the master playlist gave), decoded */
  session: string | undefined;
  range: string | undefined;
  cookie: string | undefined;
  userAgent: string;
  keepAlive: boolean;
}

export type Parsed =
  | { kind: 'incomplete' }
  | { kind: 'bad'; status: string; reason: string }
  | { kind: 'request'; req: HlsRequest; length: number };

/** Is this the start of a request for /hls/? (The HTTP sender hands such connections over.) */
export function isHlsRequest(buf: Buffer): boolean {
  const line = buf.subarray(0, 16).toString('latin1');
  return /^(GET|HEAD|OPTIONS) \/hls\//.test(line);
}

export function parseRequest(buf: Buffer): Parsed {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0 ? buf.length > MAX_HEAD_BYTES : end > MAX_HEAD_BYTES) {
    const lineEnd = buf.indexOf('\r\n');
    return lineEnd < 0 || lineEnd > MAX_TARGET_BYTES
      ? { kind: 'bad', status: '414 URI Too Long', reason: 'request target too long' }
      : { kind: 'bad', status: '431 Request Header Fields Too Large', reason: 'request too long' };
  }
  if (end < 0) return { kind: 'incomplete' };
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
  if (!m) return { kind: 'bad', status: '400 Bad Request', reason: 'not an HTTP/1.x request' };
  const [, method, target, minor] = m as unknown as [string, string, string, string];
  if (target.length > MAX_TARGET_BYTES) {
    return { kind: 'bad', status: '414 URI Too Long', reason: 'request target too long' };
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    return { kind: 'bad', status: '405 Method Not Allowed', reason: 'only GET and HEAD here' };
  }
  // only the headers HLS serving reads are kept (a poll every few seconds per player: no Map)
  let range: string | undefined;
  let cookie: string | undefined;
  let userAgent = '';
  let connection = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return { kind: 'bad', status: '400 Bad Request', reason: 'malformed header' };
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'range') range = line.slice(colon + 1).trim();
    else if (name === 'cookie') cookie = line.slice(colon + 1).trim();
    else if (name === 'user-agent') userAgent = line.slice(colon + 1).trim();
    else if (name === 'connection')
      connection = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
  }
  const q = target.indexOf('?');
  return {
    kind: 'request',
    length: end + 4,
    req: {
      method,
      path: q < 0 ? target : target.slice(0, q),
      session: q < 0 ? undefined : sessionParam(target.slice(q + 1)),
      range,
      cookie,
      userAgent,
      keepAlive: minor === '1' ? !connection.includes('close') : connection.includes('keep-alive'),
    },
  };
}

/** The first `s` parameter of a query (the HLS session), decoded as URLSearchParams would. */
function sessionParam(query: string): string | undefined {
  for (const part of query.split('&')) {
    if (!part.startsWith('s=')) continue;
    const v = part.slice(2);
    if (!v.includes('%') && !v.includes('+')) return v;
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v; // a malformed escape stays as it is (and is no valid session id)
    }
  }
  return undefined;
}

export type RangeResult =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'bad'; reason: string };

/**
 * A Range header against a body of `size` bytes. One `bytes=` range is served as 206; several
 * ranges, or another unit, are ignored (the whole body, as RFC 9110 allows); a malformed or
 * unsatisfiable one is refused with 416 and the reason.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const spec = m[1]!.trim();
  if (spec.includes(',')) return { kind: 'whole' };
  const r = /^(\d{0,15})-(\d{0,15})$/.exec(spec);
  if (!r || (r[1] === '' && r[2] === '')) {
    return { kind: 'bad', reason: `malformed range "${header.slice(0, 64)}"` };
  }
  let start: number;
  let end: number;
  if (r[1] === '') {
    // the last N bytes
    const n = Number(r[2]);
    if (n === 0) return { kind: 'bad', reason: 'empty suffix range' };
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(r[1]);
    end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) {
      return { kind: 'bad', reason: 'range ends before it starts' };
    }
  }
  if (start >= size) return { kind: 'bad', reason: `range starts past the end (${size} bytes)` };
  return { kind: 'part', start, end };
}
