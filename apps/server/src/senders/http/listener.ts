// One HTTP listener: its socket, where it is in the request/stream life, its ICY rhythm, and the
// bound on what may queue up for it (a slow listener is dropped; the others never notice).
import type net from 'node:net';
import { IcyWriter } from './icy.js';

/** closing: answered with an error or a preflight; ignored from then on */
export type ListenerState = 'request' | 'waiting' | 'streaming' | 'closing';

export class Listener {
  state: ListenerState = 'request';
  /** para_recv: paraslash's response, no burst, closed at the end of each file */
  paraslash = false;
  icy: IcyWriter | undefined;
  /** the web player's `?listen=<id>`, under which its burst is remembered */
  listenId: string | undefined;
  /** bytes of the next flush this listener already got with its burst */
  skipBytes = 0;
  /** the request head read so far */
  head: Buffer = Buffer.alloc(0);
  /** set when the connection is refused: the answer it gets once its request is read */
  refusal: { status: string; reason: string } | undefined;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    readonly peer: string,
  ) {}

  /**
   * Writes stream bytes (with ICY blocks where due). Returns false when more than `maxQueue`
   * bytes wait in user space: the kernel's own socket buffer is already full by then.
   */
  write(data: Uint8Array, maxQueue: number, title: string, titleBlock: Buffer): boolean {
    if (data.length === 0) return true;
    const s = this.socket;
    if (this.icy) {
      const pieces = this.icy.pieces(data, title, titleBlock);
      s.cork();
      for (const p of pieces) s.write(p);
      s.uncork();
    } else s.write(data);
    return s.writableLength <= maxQueue;
  }

  writeAll(pieces: readonly Uint8Array[], maxQueue: number, title: string, block: Buffer): boolean {
    if (pieces.length === 0) return true;
    return this.write(
      pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces),
      maxQueue,
      title,
      block,
    );
  }
}
