// Test helper: a stream listener on a raw socket that records the response head and every body
// byte with its arrival time, so tests can check the first bytes, the burst and the rate.
import { spawn } from 'node:child_process';
import net from 'node:net';

export interface StreamClient {
  /** the response head (status line and headers), once it has come */
  head: string | undefined;
  status: number | undefined;
  headers: Map<string, string>;
  body: Buffer[];
  /** [ms since connect, body bytes so far] per arrival */
  arrivals: [number, number][];
  bodyBytes: number;
  ended: boolean;
  socket: net.Socket;
  connectedAt: number;
  /** resolves when the connection closes */
  closed: Promise<void>;
  bodyBuffer(): Buffer;
  close(): void;
}

/** Connects and sends `request` (a GET / with \r\n by default). `read: false` never reads. */
export function listen(
  port: number,
  opts: { request?: string; headers?: string[]; read?: boolean; from?: string } = {},
): StreamClient {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: opts.from });
  const started = performance.now();
  let raw = Buffer.alloc(0);
  const c: StreamClient = {
    head: undefined,
    status: undefined,
    headers: new Map(),
    body: [],
    arrivals: [],
    bodyBytes: 0,
    ended: false,
    socket,
    connectedAt: started,
    closed: new Promise((resolve) => socket.on('close', () => resolve())),
    bodyBuffer: () => Buffer.concat(c.body),
    close: () => socket.destroy(),
  };
  socket.on('error', () => {});
  socket.on('end', () => (c.ended = true));
  const request =
    opts.request ?? ['GET / HTTP/1.1', 'Host: test', ...(opts.headers ?? []), '', ''].join('\r\n');
  socket.on('connect', () => {
    socket.write(request);
    if (opts.read === false) socket.pause();
  });
  const addBody = (b: Buffer): void => {
    if (b.length === 0) return;
    c.body.push(b);
    c.bodyBytes += b.length;
    c.arrivals.push([performance.now() - started, c.bodyBytes]);
  };
  socket.on('data', (d: Buffer) => {
    if (c.head !== undefined) return addBody(d);
    raw = Buffer.concat([raw, d]);
    let end = raw.indexOf('\r\n\r\n');
    let sep = 4;
    const bare = raw.indexOf('\n\n');
    if (bare >= 0 && (end < 0 || bare < end) && !raw.subarray(0, bare).includes(13)) {
      end = bare;
      sep = 2;
    } else if (end < 0 && /^HTTP\/1\.0 \d+ [^\r\n]*\n$/.test(raw.toString('latin1'))) {
      end = raw.length - 1; // paraslash's one-line error answer
      sep = 1;
    }
    if (end < 0) return;
    c.head = raw.subarray(0, end).toString('latin1');
    const lines = c.head.split(/\r?\n/);
    c.status = Number(lines[0]!.split(' ')[1]);
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) c.headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
    }
    addBody(raw.subarray(end + sep));
  });
  return c;
}

/**
 * Bytes per second between the first arrival at or after `fromMs` and the last one at or before
 * `toMs`: exact for a sender that writes in batches, whatever the batch interval.
 */
export function rateBetween(c: StreamClient, fromMs: number, toMs: number): number {
  const inside = c.arrivals.filter(([t]) => t >= fromMs && t <= toMs);
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last || last[0] <= first[0]) return 0;
  return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
}

/** body bytes that had come `ms` after connecting */
export function bytesAt(c: StreamClient, ms: number): number {
  let n = 0;
  for (const [t, b] of c.arrivals) if (t <= ms) n = b;
  return n;
}

export interface Decoded {
  code: number | null;
  stderr: string;
  /** [wall ms since start, media ms] as ffmpeg reported its progress */
  progress: [number, number][];
}

/** `ffmpeg -v error -i http://127.0.0.1:port/path -t seconds -f null -`, with its progress over time */
export function ffmpeg(port: number, seconds: number, urlPath = '/'): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const args = [
      '-v',
      'error',
      '-nostdin',
      '-i',
      `http://127.0.0.1:${port}${urlPath}`,
      '-t',
      String(seconds),
    ];
    const p = spawn('ffmpeg', [
      ...args,
      '-f',
      'null',
      '-',
      '-progress',
      'pipe:1',
      '-stats_period',
      '0.1',
    ]);
    const t0 = performance.now();
    const out: Decoded = { code: null, stderr: '', progress: [] };
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^out_time_us=(\d+)/.exec(l);
        if (m) out.progress.push([performance.now() - t0, Number(m[1]) / 1000]);
      }
    });
    p.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ ...out, code }));
  });
}
