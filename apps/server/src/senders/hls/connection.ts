// One kept-alive HLS connection (a player polls on it every few seconds): the request on its way,
// when it last showed life, and the wire it is written through. The wire is the sockwrite addon's
// NativeSocket, which also reads the player's requests, so that an idle player costs a small
// struct in C and this object instead of a net.Socket and its timers (issue #18: ~4-6 KB of RSS
// each); or the net.Socket itself where the addon is not there (not built, turned off).
import type net from 'node:net';
import type { Sockwrite } from '@paraweb/sockwrite';
import { NodeOutput } from '../http/listener-output.js';

/** what a connection is written through (NativeSocket and the HTTP sender's NodeOutput both are) */
export interface HlsWire {
  /** writes the pieces in order; returns the bytes waiting in user space */
  write(pieces: readonly Uint8Array[]): number;
  /** bytes waiting in user space */
  readonly queued: number;
  /** what is queued goes out, then EOF; closed when the peer closes, or 5 s on */
  end(): void;
  destroy(): void;
}

const NOTHING = Buffer.alloc(0);

/** The connection stays on its net.Socket, written as a stream listener is before the addon. A
 * function of its own: its closures name the socket, the constructor's must not (see there). */
function nodeWire(socket: net.Socket, onData: (d: Buffer) => void, onClose: () => void): HlsWire {
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  return new NodeOutput(socket, onClose);
}

export class HlsConnection {
  /** request bytes not answered yet (empty, not a view: a view would keep the chunk read) */
  buf: Buffer = NOTHING;
  /** when a request came or queued bytes left last (ms) */
  alive: number;
  /** when the request on its way began (ms); 0: none on its way */
  since = 0;
  /** ended (answered with close) or closed: what comes now is not read */
  ending = false;
  /** written by the addon (else by its net.Socket) */
  readonly native: boolean;
  private readonly wire: HlsWire;
  private lastQueued = 0;

  /**
   * Takes `socket` over (onto the addon when `sockwrite` is given and can take it). `onData` gets
   * what the peer sends from now on; `onClose` is called once when the connection is closed.
   */
  constructor(
    readonly address: string,
    now: number,
    socket: net.Socket,
    sockwrite: Sockwrite | undefined,
    onData: (c: HlsConnection, d: Buffer) => void,
    onClose: (c: HlsConnection) => void,
  ) {
    this.alive = now;
    // no closure made here may name `socket`: V8 keeps one context for all closures of a scope,
    // and the addon's callbacks would then keep the destroyed net.Socket (and all it holds)
    const closed = (): void => {
      this.ending = true;
      this.buf = NOTHING;
      onClose(this);
    };
    const data = (d: Buffer): void => onData(this, d);
    let wire: HlsWire | undefined;
    if (sockwrite) {
      try {
        wire = sockwrite.adopt(socket, closed, data);
      } catch {
        wire = undefined; // the socket is as it was: Node keeps it
      }
    }
    this.native = wire !== undefined;
    this.wire = wire ?? nodeWire(socket, data, closed);
  }

  get queued(): number {
    return this.wire.queued;
  }

  write(pieces: readonly Uint8Array[]): number {
    return this.ending ? 0 : this.wire.write(pieces);
  }

  /** What is queued goes out, then the connection closes; nothing more is read. */
  end(): void {
    if (this.ending) return;
    this.ending = true;
    this.buf = NOTHING;
    this.wire.end();
  }

  destroy(): void {
    this.wire.destroy();
  }

  /** ms since it last showed life: a request, or queued bytes leaving since the last look */
  idleFor(now: number): number {
    const q = this.wire.queued;
    if (q < this.lastQueued) this.alive = now;
    this.lastQueued = q;
    return now - this.alive;
  }
}
