// Where a listener's bytes go: first its net.Socket (the request, the response head, the burst),
// then, once that socket has nothing queued, a NativeSocket of the sockwrite addon, which writes
// the same connection from C without Node's per-socket objects (issue #18; native-writes.ts).
// The rooms, the BatchWriter and the lag watch see either through ListenerOutput.
import type net from 'node:net';
import type { NativeSocket } from '@paraweb/sockwrite';
import { endSocket } from './answers.js';
import { queueKey } from './send-queue.js';

/** A listener's connection while Node writes it. */
export class NodeOutput {
  constructor(
    readonly socket: net.Socket,
    /** the listener's end: called once when the socket closes (not after detach) */
    readonly onClose: () => void,
  ) {
    socket.once('close', onClose);
  }

  /** Writes the pieces in order (one writev); returns the bytes waiting in user space. */
  write(pieces: readonly Uint8Array[]): number {
    const s = this.socket;
    const many = pieces.length > 1;
    if (many) s.cork();
    for (const p of pieces) if (p.length > 0) s.write(p);
    if (many) s.uncork();
    return s.writableLength;
  }

  get queued(): number {
    return this.socket.writableLength;
  }

  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }

  /** its peer as /proc/net/tcp lists it, where its kernel queue is read (send-queue.ts) */
  queueKey(): string {
    return queueKey(this.socket.remoteAddress ?? '', this.socket.remotePort ?? 0);
  }

  end(): void {
    endSocket(this.socket);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The socket is handed over: its close is no longer the listener's end. */
  detach(): net.Socket {
    this.socket.off('close', this.onClose);
    return this.socket;
  }

  /** The hand-over failed: the socket is the listener's again. */
  reattach(): void {
    this.socket.once('close', this.onClose);
  }
}

/** a NativeSocket has the same write, queued, bytesWritten, end and destroy */
export type ListenerOutput = NodeOutput | NativeSocket;
