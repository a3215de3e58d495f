// Public surface of the multi-process sync: the Redis bus and the afs change feed over it.
export type { RedisBus } from './redis-bus.js';
export { openRedisBus } from './open-bus.js';
export type { BusLog, BusState, PeerBus } from './redis-bus.js';
export { startAfsSync } from './sync.js';
export type { AfsSync, SyncLog } from './sync.js';
export { BATCH_INTERVAL_MS, MAX_CHANGES, watchAfsChanges } from './changes.js';
export type { AfsChange, AfsChangeBatch, AfsChangeWatch } from './changes.js';
export { shareTables } from './shared-tables.js';
export type { SharedTable } from './shared-tables.js';
