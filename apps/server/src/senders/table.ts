// The senders of this server by name, so the vss can hand every one the stream and the `sender`
// command can reach each one; a sender added later (udp, icecast) just registers here.
import type { Sender, SenderControl } from './types.js';

/** paraslash senders this server cannot offer, with the reason `sender <name> ...` answers */
export const UNAVAILABLE_SENDERS: Readonly<Record<string, string>> = {
  dccp: 'Node.js cannot open DCCP sockets, so this server has no dccp sender; use http or udp',
};

export class SenderTable<S extends SenderControl = Sender> {
  private readonly byName = new Map<string, S>();

  add(sender: S): void {
    if (this.byName.has(sender.name)) throw new Error(`duplicate sender ${sender.name}`);
    this.byName.set(sender.name, sender);
  }

  get(name: string): S | undefined {
    return this.byName.get(name);
  }

  /** in the order they were added */
  all(): S[] {
    return [...this.byName.values()];
  }
}
