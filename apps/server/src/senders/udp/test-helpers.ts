// Helpers shared by the UDP sender's tests: a seeded random source, fixture chunks as the vss hands
// them out, a lossy relay and a receiving socket, all on 127.0.0.1.
import dgram from 'node:dgram';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { handler, parseAudio } from '../../afs/formats/index.js';
import type { Sender, StreamFile } from '../types.js';
import { decodePacket } from './packet.js';
import { FecReceiver } from './receiver.js';

/** mulberry32: the same numbers on every run */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/** A real file as the vss streams it: chunk 0 of a header format is the (stream) header. */
export interface FixtureStream {
  file: StreamFile;
  chunks: Uint8Array[];
}

export async function fixtureStream(path: string, chunkTimeUs?: number): Promise<FixtureStream> {
  const data = new Uint8Array(fs.readFileSync(path));
  const info = await parseAudio(path, data);
  const h = handler(info.format);
  const header =
    info.headerLen > 0
      ? (h.getHeader?.(data, info.headerLen) ?? data.subarray(0, info.headerLen))
      : undefined;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < info.chunksTotal; i++) {
    chunks.push(
      i === 0 && header ? header : data.subarray(info.chunkTable[i], info.chunkTable[i + 1]),
    );
  }
  const file: StreamFile = {
    seq: 1,
    format: info.format,
    path,
    title: 'test',
    header,
    chunkTimeUs: chunkTimeUs ?? info.chunkTimeUs,
    chunksTotal: info.chunksTotal,
    extra: info.extra,
    bitrate: info.bitrate,
    frequency: info.frequency,
    channels: info.channels,
  };
  return { file, chunks };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export interface Relay {
  port: number;
  forwarded: number;
  dropped: number;
  duplicated: number;
  close(): Promise<void>;
}

/**
 * A UDP relay on 127.0.0.1 between sender and receiver that drops, duplicates and reorders
 * datagrams by a seeded random source. Reordering holds a packet back and lets the next ones
 * pass first; EOF packets flush what is held, so they stay last.
 */
export async function lossyRelay(
  toPort: number,
  opts: { seed: number; drop: number; duplicate: number; reorder: number },
): Promise<Relay> {
  const rand = seeded(opts.seed);
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const held: { msg: Buffer; release: number }[] = [];
  const relay: Relay = {
    port: sock.address().port,
    forwarded: 0,
    dropped: 0,
    duplicated: 0,
    close: () => new Promise((resolve) => sock.close(() => resolve())),
  };
  const forward = (msg: Buffer): void => {
    relay.forwarded++;
    sock.send(msg, toPort, '127.0.0.1');
  };
  sock.on('message', (msg: Buffer) => {
    const isEof = msg.length === 32 && msg[0] === 0xec && msg[1] === 0x0d;
    for (const h of held) h.release--;
    while (held.length > 0 && (isEof || held[0]!.release <= 0)) forward(held.shift()!.msg);
    if (isEof) return forward(msg);
    if (rand() < opts.drop) {
      relay.dropped++;
      return;
    }
    if (rand() < opts.duplicate) {
      relay.duplicated++;
      held.push({ msg, release: 1 + Math.floor(rand() * 20) });
    }
    if (rand() < opts.reorder) held.push({ msg, release: 1 + Math.floor(rand() * 6) });
    else forward(msg);
  });
  return relay;
}

export interface Listener {
  port: number;
  receiver: FecReceiver;
  /** packets that arrived, EOF included */
  packets: number;
  /** slices of groups that carry the audio file header */
  headerSlices: number;
  /** resolves at the n-th EOF packet */
  eof(n?: number): Promise<void>;
  /** everything rebuilt so far */
  output(): Uint8Array;
  /** what was rebuilt between EOF packets, one entry per ended file */
  files: Uint8Array[];
  close(): Promise<void>;
}

/** A receiving socket on 127.0.0.1 feeding a FecReceiver. */
export async function listen(): Promise<Listener> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  sock.setRecvBufferSize(4 << 20);
  const out: Uint8Array[] = [];
  let fileStart = 0;
  let eofs = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const receiver = new FecReceiver({
    onData: (b) => out.push(b),
    onEof: () => {
      l.files.push(concat(out.slice(fileStart)));
      fileStart = out.length;
      eofs++;
      for (const w of waiters.filter((w) => w.n <= eofs)) w.resolve();
    },
  });
  const l: Listener = {
    port: sock.address().port,
    receiver,
    packets: 0,
    headerSlices: 0,
    eof: (n = 1) =>
      new Promise<void>((resolve) => (eofs >= n ? resolve() : waiters.push({ n, resolve }))),
    output: () => concat(out),
    files: [],
    close: () => new Promise((resolve) => sock.close(() => resolve())),
  };
  sock.on('message', (msg: Buffer) => {
    l.packets++;
    const p = decodePacket(msg);
    if (p.kind === 'slice' && p.header.audioHeaderSize > 0) l.headerSlices++;
    receiver.push(msg);
  });
  return l;
}

/** Hands chunks [from, to) to a sender at their due times (chunkTimeUs of the file), like the vss. */
export async function play(
  sender: Pick<Sender, 'chunk'>,
  s: FixtureStream,
  from = 0,
  to = s.chunks.length,
): Promise<void> {
  const ms = s.file.chunkTimeUs / 1000;
  const t0 = performance.now();
  for (let i = from; i < to;) {
    const due = t0 + (i - from) * ms;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (; i < to && t0 + (i - from) * ms <= performance.now(); i++) {
      sender.chunk({
        index: i,
        sent: i - from,
        data: s.chunks[i]!,
        dueUs: (t0 + (i - from) * ms) * 1000,
      });
    }
  }
}

/** Resolves once check() holds, polling; fails after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
