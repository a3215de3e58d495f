// One HTTP listener: its connection (a net.Socket, later perhaps the sockwrite addon's), where it
// is in the request/stream life, its ICY rhythm, and the bound on what may queue up for it (a
// slow listener is dropped; the others never notice).
import type net from 'node:net';
import type { MountCodec } from '../mounts/types.js';
import type { ListenerEnd } from '../listener-tap.js';
import { IcyWriter } from './icy.js';
import { NodeOutput, type ListenerOutput } from './listener-output.js';

/** closing: answered with an error or a preflight; ignored from then on */
export type ListenerState = 'request' | 'waiting' | 'streaming' | 'closing';

export class Listener {
  state: ListenerState = 'request';
  /** para_recv: paraslash's response, no burst, closed at the end of each file */
  paraslash = false;
  icy: IcyWriter | undefined;
  /** the live mount it listens to (/live.mp3, ...); undefined: `/` */
  mount: MountCodec | undefined;
  /** the web player's `?listen=<id>`, under which its burst is remembered */
  listenId: string | undefined;
  /** bytes of the next flush this listener already got with its burst */
  skipBytes = 0;
  /** the request's User-Agent until its audience session opens (takeUserAgent), then the
   * session (listener-tap.ts) */
  private userAgent = '';
  session: number | undefined;
  /** why the sender closed it (undefined: the client went) */
  end: ListenerEnd | undefined;
  /** the request head read so far */
  head: Buffer | undefined;
  /** set when the connection is refused: the answer it gets once its request is read */
  refusal: { status: string; reason: string } | undefined;
  /** the whole request must have come by then (a total deadline, not an idle timeout) */
  requestTimer: NodeJS.Timeout | undefined;
  /** where its bytes go (listener-output.ts) */
  out: ListenerOutput;

  constructor(
    readonly id: number,
    socket: net.Socket,
    /** the peer's address as people write it (a.b.c.d for IPv4, also on an IPv6 socket) */
    readonly address: string,
    /** address:port */
    readonly peer: string,
    /** called once when the connection is closed, whoever closed it */
    gone: (l: Listener) => void,
  ) {
    // made here, not by the caller: a closure made where `socket` is in scope would keep the
    // net.Socket (~2 KB with its states and handlers) alive after the addon took it over
    this.out = new NodeOutput(socket, () => gone(this));
  }

  /** the request's User-Agent, before its audience session opens */
  setUserAgent(ua: string): void {
    this.userAgent = ua;
  }

  /**
   * The User-Agent, once, for the audience session. Kept longer, the string (V8 slices it out of
   * the request head's text) would keep the whole head alive for the listener's life: ~0.5-1 KB
   * per browser (docs/streaming.md §8).
   */
  takeUserAgent(): string {
    const ua = this.userAgent;
    this.userAgent = '';
    return ua;
  }

  /**
   * Writes stream bytes (with ICY blocks where due) after `head` if given: shared buffers, never
   * copied, in one system call (writev) however many pieces. Returns false when more than
   * `maxQueue` bytes wait in user space: the kernel's own socket buffer is already full by then.
   */
  write(
    pieces: readonly Uint8Array[],
    maxQueue: number,
    title: string,
    titleBlock: Buffer,
    head?: Uint8Array,
  ): boolean {
    let out = pieces;
    if (this.icy || head) {
      const all: Uint8Array[] = head ? [head] : [];
      for (const data of pieces) {
        if (this.icy) all.push(...this.icy.pieces(data, title, titleBlock));
        else all.push(data);
      }
      out = all;
    }
    return this.out.write(out) <= maxQueue;
  }
}

/** the audience's name for why the sender closed a listener (listener-tap.ts) */
export function endOf(why: string): ListenerEnd {
  if (why === 'sender off') return 'sender_off';
  if (why === 'streaming stopped') return 'stream_stopped';
  if (why === 'end of file') return 'end_of_file';
  return why.endsWith('stream ends with its file') ? 'format_change' : 'other';
}
