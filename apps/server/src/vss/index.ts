// Public surface of the virtual streaming system.
export { Vss } from './vss.js';
export type { VssOptions } from './vss.js';
export { LATENESS_BUCKETS_MS } from './chunk-timing.js';
export type { ChunkTiming } from './chunk-timing.js';
export type { VssFlags, VssState } from './flags.js';
export { flagString, vssState } from './flags.js';
export { nowUs, formatTimeval } from './clock.js';
export { parseFfSeconds } from './positions.js';
