// The Redis bus, loaded only when one is configured: its client (ioredis) is ~1 MB of the main
// thread's heap that a server without --redis-url never needs (docs/streaming.md, "Memory").
import type { BusLog, RedisBus } from './redis-bus.js';

export async function openRedisBus(url: string, prefix: string, log: BusLog): Promise<RedisBus> {
  const { RedisBus } = await import('./redis-bus.js');
  return new RedisBus(url, prefix, log);
}
