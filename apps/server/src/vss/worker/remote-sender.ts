// A sender of the stream thread as the main thread sees it: what `sender`, `si`, server.info and
// the dashboard read (on/off, listeners, port) is kept as the stream thread last reported it;
// subcommands, status and burst lookups go there and back.
import type { MountListeners, SenderControl } from '../../senders/types.js';
import type { Call, CallResults, SenderInfo } from './protocol.js';

export type CallFn = <O extends Call['op']>(
  call: Extract<Call, { op: O }>,
) => Promise<CallResults[O]>;

export class RemoteSender implements SenderControl {
  readonly name: string;
  readonly subcommands: Readonly<Record<string, number>>;
  private info: SenderInfo;

  constructor(
    info: SenderInfo,
    private readonly call: CallFn,
  ) {
    this.name = info.name;
    this.subcommands = info.subcommands;
    this.info = info;
  }

  /** the stream thread's latest report */
  update(info: SenderInfo): void {
    this.info = info;
  }

  get isOn(): boolean {
    return this.info.isOn;
  }

  get port(): number | undefined {
    return this.info.port;
  }

  help(): string {
    return this.info.help;
  }

  listenerCount(): number {
    return this.info.listeners;
  }

  mountListeners(): MountListeners[] {
    return this.info.mounts;
  }

  status(): Promise<string> {
    return this.call({ op: 'senderStatus', name: this.name });
  }

  command(sub: string, args: readonly string[]): Promise<string | undefined> {
    return this.call({ op: 'sender', name: this.name, sub, args: [...args] });
  }

  burstMs(listenId: string): Promise<number | undefined> {
    return this.call({ op: 'burst', name: this.name, listenId });
  }
}
