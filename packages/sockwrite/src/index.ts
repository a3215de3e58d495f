// The sockwrite addon (src/sockwrite.c) as the HTTP sender uses it: a connection Node accepted
// and answered is taken over (its fd duplicated, the net.Socket destroyed) and written from C
// from then on, without Node's per-socket objects (issue #18). A reading one (HLS: a player's
// kept-alive connection) also hands what its peer sends to onData. Optional: loadSockwrite() says
// why it is not there (not built, PARAWEB_SOCKWRITE=off, ...) and the caller keeps net.Socket.
import { createRequire } from 'node:module';
import type net from 'node:net';

/** the addon's functions (src/sockwrite.c), per thread */
interface Addon {
  /** dups fd (close-on-exec, non-blocking) into a slot; throws on failure. reading: the peer's
   * bytes go to onData, else they are read and dropped */
  adopt(fd: number, reading: boolean): number;
  /** sends the pieces in order; returns the bytes queued in user space, -1: the connection failed */
  write(slot: number, pieces: readonly Uint8Array[]): number;
  queued(slot: number): number;
  /** SIOCOUTQ: bytes in the kernel's send queue not acknowledged by the peer */
  kernelQueued(slot: number): number;
  /** SIOCOUTQ of a socket's fd that was not taken over; -1: it cannot be read */
  fdQueued(fd: number): number;
  /** graceful: shutdown(SHUT_WR) once the queue is out, reported when the peer closes */
  close(slot: number, graceful: boolean): void;
  /** fn(slot): the peer closed or the connection failed; the slot is free already */
  onClosed(fn: (slot: number) => void): void;
  /** fn(slot, bytes): what a reading connection's peer sent (until it is closing) */
  onData(fn: (slot: number, bytes: Buffer) => void): void;
}

/** how long a gracefully closed connection waits for its peer to close (as endSocket) */
const END_WAIT_MS = 5000;

/** One taken-over connection. */
export class NativeSocket {
  /** bytes handed to write() (sent or queued), like net.Socket's bytesWritten */
  bytesWritten = 0;
  private endTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly addon: Addon,
    private readonly slots: (NativeSocket | undefined)[],
    private slot: number,
    /** called once, when the connection is closed whichever side closed it */
    private readonly onClose: () => void,
    /** what the peer sends, for a reading connection */
    readonly onData?: (bytes: Buffer) => void,
  ) {
    slots[slot] = this;
  }

  get open(): boolean {
    return this.slot >= 0;
  }

  /** Writes the pieces in order; returns the bytes that wait in user space (0 when closed). */
  write(pieces: readonly Uint8Array[]): number {
    if (this.slot < 0) return 0;
    for (const p of pieces) this.bytesWritten += p.length;
    const queued = this.addon.write(this.slot, pieces);
    if (queued >= 0) return queued;
    this.closed();
    return 0;
  }

  /** bytes waiting in user space */
  get queued(): number {
    return this.slot < 0 ? 0 : this.addon.queued(this.slot);
  }

  /** bytes in the kernel's send queue (sent or not, unacknowledged) */
  kernelQueued(): number {
    return this.slot < 0 ? 0 : this.addon.kernelQueued(this.slot);
  }

  /** Like socket.end(): what is queued goes out, then EOF; closed when the peer closes or 5 s on. */
  end(): void {
    if (this.slot < 0 || this.endTimer) return;
    this.addon.close(this.slot, true);
    this.endTimer = setTimeout(() => this.destroy(), END_WAIT_MS);
    this.endTimer.unref();
  }

  /** Closes at once; what is queued is dropped. */
  destroy(): void {
    if (this.slot < 0) return;
    this.addon.close(this.slot, false);
    this.closed();
  }

  /** the connection is closed (the addon freed the slot) */
  closed(): void {
    if (this.slot < 0) return;
    this.slots[this.slot] = undefined;
    this.slot = -1;
    clearTimeout(this.endTimer);
    this.onClose();
  }
}

/** The addon, loaded on this thread. */
export class Sockwrite {
  /** the NativeSocket of each slot in use */
  private readonly slots: (NativeSocket | undefined)[] = [];

  constructor(private readonly addon: Addon) {
    addon.onClosed((slot) => this.slots[slot]?.closed());
    addon.onData((slot, bytes) => this.slots[slot]?.onData?.(bytes));
  }

  /** connections taken over and not closed yet */
  get count(): number {
    let n = 0;
    for (const s of this.slots) if (s) n++;
    return n;
  }

  /**
   * SIOCOUTQ of a socket Node still writes (not taken over): bytes in its kernel send queue;
   * undefined when it has no fd or the kernel does not say.
   */
  kernelQueuedOf(socket: net.Socket): number | undefined {
    const fd = socketFd(socket);
    const n = fd === undefined ? -1 : this.addon.fdQueued(fd);
    return n < 0 ? undefined : n;
  }

  /**
   * Takes the connection over: its fd is duplicated and `socket` destroyed (which closes only
   * Node's fd). Remove the socket's own 'close' handlers first. `socket` must have nothing
   * queued (writableLength 0). With `onData` the connection reads: what the peer sends from now
   * on comes there (what Node read already is the caller's). Throws when it cannot (the socket is
   * then left as it was).
   */
  adopt(socket: net.Socket, onClose: () => void, onData?: (bytes: Buffer) => void): NativeSocket {
    const fd = socketFd(socket);
    if (fd === undefined) throw new Error('sockwrite: the socket has no file descriptor');
    const slot = this.addon.adopt(fd, onData !== undefined);
    const out = new NativeSocket(this.addon, this.slots, slot, onClose, onData);
    out.bytesWritten = socket.bytesWritten;
    socket.destroy();
    return out;
  }
}

/** A TCP socket's file descriptor (Node keeps it on its private handle); undefined: none. */
export function socketFd(socket: net.Socket): number | undefined {
  const handle = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle;
  const fd = handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

let loaded: Sockwrite | string | undefined;

/**
 * The addon for this thread, or why it cannot be used: PARAWEB_SOCKWRITE=off, not built (no
 * compiler when the workspace was built), or a load error. Loaded once per thread.
 */
export function loadSockwrite(): Sockwrite | string {
  if (loaded !== undefined) return loaded;
  if (process.env.PARAWEB_SOCKWRITE === 'off') return (loaded = 'PARAWEB_SOCKWRITE=off');
  const addon = requireAddon<Addon>('sockwrite');
  loaded = typeof addon === 'string' ? addon : new Sockwrite(addon);
  return loaded;
}

interface MemoryAddon {
  reduceMemory(): void;
  /** malloc_trim(0) on a thread of libuv's pool: 1 memory given back, 0 none, -1 not glibc,
   * 2 skipped (another thread of the process trimmed less than 10 s ago) */
  trimNativeHeap(): Promise<number>;
}

let memoryAddon: MemoryAddon | string | undefined;
const memory = (): MemoryAddon | string => {
  if (memoryAddon !== undefined) return memoryAddon;
  if (process.env.PARAWEB_MEMORY_TRIM === 'off') return (memoryAddon = 'PARAWEB_MEMORY_TRIM=off');
  return (memoryAddon = requireAddon<MemoryAddon>('memory'));
};

/**
 * Starts a memory-reducing collection of this thread's V8 heap (src/memory.cc): what the garbage
 * of a wave of connections took goes back to the system within a second or two of this thread's
 * event loop, which a plain collection does not do. Returns why it cannot (PARAWEB_MEMORY_TRIM=off,
 * not built, not Linux), or undefined once started.
 */
export function reduceMemory(): string | undefined {
  const addon = memory();
  if (typeof addon === 'string') return addon;
  addon.reduceMemory();
  return undefined;
}

/**
 * Gives the free pages of the process's malloc arenas back to the system (malloc_trim(0), off
 * every JavaScript thread): what the native side of a wave of connections freed (sockets'
 * handles, buffers) stays in the arenas otherwise. Resolves to what it did (NativeTrim; memory
 * goes back only with glibc); returns why it cannot, as reduceMemory, or PARAWEB_MEMORY_TRIM=heap
 * (V8's heaps only).
 */
export function trimNativeHeap(): Promise<NativeTrim> | string {
  if (process.env.PARAWEB_MEMORY_TRIM === 'heap') return 'PARAWEB_MEMORY_TRIM=heap';
  const addon = memory();
  if (typeof addon === 'string') return addon;
  return addon
    .trimNativeHeap()
    .then((r) => (r === 1 ? 'released' : r === 2 ? 'skipped' : 'nothing'));
}

/** what a native trim did: gave memory back, found none, or was skipped (another thread of the
 * process trimmed less than 10 s ago: the arenas are the process's) */
export type NativeTrim = 'released' | 'nothing' | 'skipped';

/** build/Release/<name>.node on this thread, or why it cannot be loaded (Linux only, not built) */
function requireAddon<T>(name: string): T | string {
  if (process.platform !== 'linux') return `not on ${process.platform} (Linux only)`;
  try {
    return createRequire(import.meta.url)(`../build/Release/${name}.node`) as T;
  } catch (err) {
    return `not loaded: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}
