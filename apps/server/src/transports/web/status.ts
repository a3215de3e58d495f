// The live status as the web doors send it: an object keyed by status item name.
import type { StatusFeed } from '../../status/feed.js';
import type { StatusItem, StatusItems } from '../../status/items.js';

/** status items by name, e.g. { status: 'playing', path: '/music/a.mp3', ... } */
export type StatusObject = Partial<Record<StatusItem, string>>;

export function statusObject(items: StatusItems): StatusObject {
  const out: StatusObject = {};
  for (const [name, value] of items) out[name] = value;
  return out;
}

/** Calls `listener` with the full status now and after each change; returns the unsubscriber. */
export function watchStatus(feed: StatusFeed, listener: (s: StatusObject) => void): () => void {
  const unsubscribe = feed.subscribe(() => listener(statusObject(feed.items())));
  listener(statusObject(feed.items()));
  return unsubscribe;
}
