// The listener's request (docs/paraslash/senders.md §3): paraslash only checks that it starts with "GET /";
// we also read the headers a stream player sends (Icy-MetaData) and tell para_recv's bare-\n
// request apart from a browser's, because each gets the response it expects.

/** a request head longer than this is refused */
export const MAX_HEAD_BYTES = 8192;

export type RequestHead =
  | { kind: 'incomplete' }
  | { kind: 'bad'; reason: string; paraslash: boolean }
  | { kind: 'options' }
  | { kind: 'get'; path: string; icy: boolean; paraslash: boolean; userAgent: string };

export function parseHead(buf: Buffer): RequestHead {
  const crlf = buf.indexOf('\r\n\r\n');
  // para_recv ends its lines with a bare \n and sends the request in one write
  const paraslash = crlf < 0 && !buf.includes(13) && buf.includes(10);
  if (crlf < 0 && !paraslash) {
    if (buf.length > MAX_HEAD_BYTES) return { kind: 'bad', reason: 'request too long', paraslash };
    return { kind: 'incomplete' };
  }
  const text = buf.subarray(0, paraslash ? buf.length : crlf).toString('latin1');
  if (text.length > MAX_HEAD_BYTES) return { kind: 'bad', reason: 'request too long', paraslash };
  const lines = text.split(paraslash ? '\n' : '\r\n');
  const [method = '', path = ''] = (lines[0] ?? '').split(' ');
  if (method.toUpperCase() === 'OPTIONS' && !paraslash) return { kind: 'options' };
  if (method.toUpperCase() !== 'GET' || !path.startsWith('/')) {
    return { kind: 'bad', reason: 'only GET is served here', paraslash };
  }
  const icy = lines.some((l) => /^icy-metadata\s*:\s*1\s*$/i.test(l));
  // the audience records the player family (issue #17); para_recv sends no User-Agent
  const ua = lines.find((l) => /^user-agent\s*:/i.test(l));
  const userAgent = ua === undefined ? '' : ua.slice(ua.indexOf(':') + 1).trim();
  return { kind: 'get', path, icy: icy && !paraslash, paraslash, userAgent };
}
