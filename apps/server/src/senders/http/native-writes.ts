// Hands streaming listeners from their net.Socket over to the sockwrite addon (listener-output.ts)
// when it starts streaming, before its response head and burst are written (or, if it had to wait,
// at the first flush where its socket has nothing queued). para_recv
// listeners stay on net.Socket (they get every chunk at once, few of them). Without the addon
// (not built, PARAWEB_SOCKWRITE=off, the nativeWrites option off) everything stays on net.Socket
// and the reason is logged once.
import type net from 'node:net';
import { loadSockwrite, type Sockwrite } from '@paraweb/sockwrite';
import type { Logger } from '../../log.js';
import type { Listener } from './listener.js';
import { NodeOutput } from './listener-output.js';

export class NativeWrites {
  private sw: Sockwrite | string | undefined;
  private told = false;
  /** hand-overs that failed (the first and every tenfold are logged) */
  failures = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly log?: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** the addon, or why not; loaded (and which way listeners go logged) on first use */
  get addon(): Sockwrite | string {
    this.sw ??= this.enabled ? loadSockwrite() : 'off (nativeWrites: false)';
    if (!this.told) {
      this.told = true;
      this.log?.info(
        typeof this.sw === 'string'
          ? `http sender: listeners are written through net.Socket: sockwrite ${this.sw}`
          : 'http sender: listeners are written by sockwrite from their response head on',
      );
    }
    return this.sw;
  }

  /** the line of `sender http status` */
  statusLine(native: number): string {
    const sw = this.addon;
    return typeof sw === 'string'
      ? `native writes: none, sockwrite ${sw}`
      : `native writes: ${native} listeners written by sockwrite`;
  }

  /** SIOCOUTQ of a socket that stays on net.Socket (para_recv's); undefined without the addon */
  kernelQueuedOf(socket: net.Socket): number | undefined {
    const sw = this.addon;
    return typeof sw === 'string' ? undefined : sw.kernelQueuedOf(socket);
  }

  /** Moves `l` onto the addon if it streams, is no para_recv and its socket has nothing queued. */
  handOver(l: Listener): void {
    const out = l.out;
    if (!(out instanceof NodeOutput) || l.paraslash || l.state !== 'streaming') return;
    if (out.queued > 0 || out.socket.readyState !== 'open') return;
    const sw = this.addon;
    if (typeof sw === 'string') return;
    const socket = out.detach();
    try {
      l.out = sw.adopt(socket, out.onClose);
    } catch (err) {
      out.reattach();
      const n = ++this.failures;
      if (Math.log10(n) % 1 === 0)
        this.log?.warn(
          { client: l.id, failures: n, err: err instanceof Error ? err.message : String(err) },
          'http client stays on net.Socket: sockwrite could not take it over',
        );
    }
  }
}
