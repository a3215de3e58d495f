// The bytes a handler parses, without needing them all in memory: a ByteSource reads any range
// (a whole buffer, or a file through pread), and a Window keeps a bounded piece of it around the
// place a scanner has reached. Over a buffer the window is the whole buffer and never moves, so
// a windowed scan over a buffer does exactly what a whole-file scan did.
import fs from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** bytes [pos, min(pos + len, size)); may share memory with the source, so read only */
  read(pos: number, len: number): Uint8Array;
  /** optional: reads bytes from pos into `into` (as many as fit or remain); returns the count */
  readInto?(pos: number, into: Uint8Array): number;
}

/** A source over bytes already in memory: reads are views, nothing is copied. */
export function bufferSource(data: Uint8Array): ByteSource & { data: Uint8Array } {
  return {
    data,
    size: data.length,
    read: (pos, len) => data.subarray(pos, Math.min(pos + len, data.length)),
  };
}

/** A source over an open file descriptor, read with pread(2). */
export function fileSource(fd: number, size: number): ByteSource {
  const readInto = (pos: number, into: Uint8Array): number => {
    const n = Math.max(0, Math.min(into.length, size - pos));
    let off = 0;
    while (off < n) {
      const got = fs.readSync(fd, into, off, n - off, pos + off);
      if (got === 0) throw new Error('file shrank while it was read');
      off += got;
    }
    return n;
  };
  return {
    size,
    readInto,
    read: (pos, len) => {
      const buf = new Uint8Array(Math.max(0, Math.min(pos + len, size) - pos));
      readInto(pos, buf);
      return buf;
    },
  };
}

/** The default window: big enough that reads are few, small enough that memory stays flat. */
export const WINDOW_SIZE = 4 << 20;

/**
 * A piece of a source, bytes [base, base + buf.length). `cover(pos, need)` moves it so that
 * [pos, pos + need) is inside (or everything from pos to the end of the source is).
 */
export class Window {
  buf: Uint8Array;
  base = 0;
  private readonly whole: boolean;
  /** one buffer for every position: a fresh one per move would pile up until a collection */
  private storage: Uint8Array | undefined;

  constructor(
    readonly src: ByteSource,
    private readonly size = WINDOW_SIZE,
  ) {
    this.whole = 'data' in src || src.size <= size;
    this.buf = this.whole ? src.read(0, src.size) : new Uint8Array(0);
  }

  /** end of the bytes held (absolute) */
  get end(): number {
    return this.base + this.buf.length;
  }

  cover(pos: number, need: number): void {
    if (this.whole) return;
    if (pos >= this.base && (pos + need <= this.end || this.end === this.src.size)) return;
    if (need > this.size) throw new Error(`window of ${this.size} bytes cannot hold ${need}`);
    this.base = pos;
    if (!this.src.readInto) {
      this.buf = this.src.read(pos, this.size);
      return;
    }
    this.storage ??= new Uint8Array(this.size);
    this.buf = this.storage.subarray(0, this.src.readInto(pos, this.storage));
  }
}
