// The live status of the server as one feed: `stat` on the command port, tRPC subscriptions and
// the dashboard's socket.io all read it (docs/paraslash/status.md §1.1).
import type { StatusItems } from './items.js';

export interface StatusFeed {
  /** the complete current status: the vss part, then the afs part of the current file */
  items(): StatusItems;
  /**
   * Calls `listener` after every status change (new file, play/pause/stop, repositioning, afs
   * changes, a new minute of uptime). Returns the function that unsubscribes.
   */
  subscribe(listener: () => void): () => void;
  /** A command changed what the status shows (e.g. select: afs_mode); subscribers hear of it. */
  changed?(): void;
}
