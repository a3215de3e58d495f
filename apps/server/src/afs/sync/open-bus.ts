// The Redis bus, loaded only when one is configured: its client (ioredis) is ~1 MB of the main
// thread's heap that a server without --redis-url never needs (docs/streaming.md, "Memory").
import type { Database } from '../../db/index.js';
import { peerKey } from './peer-key.js';
import type { BusLog, RedisBus } from './redis-bus.js';

/** the bus of the processes on `db`, signed with its key */
export async function openRedisBus(
  db: Database,
  url: string,
  prefix: string,
  log: BusLog,
): Promise<RedisBus> {
  const [{ RedisBus }, key] = await Promise.all([import('./redis-bus.js'), peerKey(db)]);
  return new RedisBus(url, prefix, log, key);
}
