// A status feed with items of other subsystems after the stream's (the schedule's): one feed for
// stat, tRPC and socket.io, and a way for those subsystems to say that their items changed.
import type { StatusFeed } from './feed.js';
import type { StatusItems } from './items.js';

export function withItems(feed: StatusFeed, extra: () => StatusItems): StatusFeed {
  const own = new Set<() => void>();
  return {
    items: () => [...feed.items(), ...extra()],
    subscribe(listener) {
      own.add(listener);
      const off = feed.subscribe(listener);
      return () => {
        own.delete(listener);
        off();
      };
    },
    changed() {
      // the stream's feed tells its subscribers (ours among them) when it has a changed()
      if (feed.changed) feed.changed();
      else for (const l of own) l();
    },
  };
}
